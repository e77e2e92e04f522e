package org.rocketjms.filter.selector;

/** {@code left op right} for the six comparison operators; see {@link Values#compare} for the rules. */
final class ComparisonExpression implements Expression {

    private final ComparisonOperator operator;
    private final Expression left;
    private final Expression right;

    ComparisonExpression(ComparisonOperator operator, Expression left, Expression right) {
        this.operator = operator;
        this.left = left;
        this.right = right;
    }

    ComparisonOperator operator() {
        return operator;
    }

    Expression left() {
        return left;
    }

    Expression right() {
        return right;
    }

    @Override
    public Object evaluate(PropertySource source) {
        Object l = left.evaluate(source);
        if (l == null) {
            return null;
        }
        return Values.compare(operator, l, right.evaluate(source));
    }

    @Override
    public String toString() {
        return "(" + left + " " + operator.symbol() + " " + right + ")";
    }
}
