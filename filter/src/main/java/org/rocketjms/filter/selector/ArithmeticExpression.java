package org.rocketjms.filter.selector;

/** A binary arithmetic operation; see {@link Values#arithmetic} for the rules. */
final class ArithmeticExpression implements Expression {

    private final ArithmeticOperator operator;
    private final Expression left;
    private final Expression right;

    ArithmeticExpression(ArithmeticOperator operator, Expression left, Expression right) {
        this.operator = operator;
        this.left = left;
        this.right = right;
    }

    @Override
    public Object evaluate(PropertySource source) {
        Object l = left.evaluate(source);
        if (l == null) {
            return null;
        }
        return Values.arithmetic(operator, l, right.evaluate(source));
    }

    @Override
    public String toString() {
        return "(" + left + " " + operator.symbol() + " " + right + ")";
    }
}
