package org.rocketjms.filter.selector;

/** Three-valued NOT: TRUE and FALSE swap, UNKNOWN (or a non-boolean operand) stays UNKNOWN. */
final class NotExpression implements Expression {

    private final Expression operand;

    NotExpression(Expression operand) {
        this.operand = operand;
    }

    @Override
    public Object evaluate(PropertySource source) {
        return Values.not(Values.truth(operand.evaluate(source)));
    }

    @Override
    public String toString() {
        return "(NOT " + operand + ")";
    }
}
