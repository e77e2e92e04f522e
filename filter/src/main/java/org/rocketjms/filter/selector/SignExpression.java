package org.rocketjms.filter.selector;

/** Unary minus or plus applied to a non-literal operand; NULL or a non-numeric operand gives NULL. */
final class SignExpression implements Expression {

    private final boolean negate;
    private final Expression operand;

    SignExpression(boolean negate, Expression operand) {
        this.negate = negate;
        this.operand = operand;
    }

    @Override
    public Object evaluate(PropertySource source) {
        Object value = operand.evaluate(source);
        return negate ? Values.negate(value) : Values.identity(value);
    }

    @Override
    public String toString() {
        return "(" + (negate ? "-" : "+") + operand + ")";
    }
}
