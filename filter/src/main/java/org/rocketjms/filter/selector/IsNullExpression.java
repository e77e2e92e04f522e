package org.rocketjms.filter.selector;

/** {@code identifier IS [NOT] NULL}: always TRUE or FALSE, never UNKNOWN. */
final class IsNullExpression implements Expression {

    private final Expression value;
    private final boolean negated;

    IsNullExpression(Expression value, boolean negated) {
        this.value = value;
        this.negated = negated;
    }

    @Override
    public Object evaluate(PropertySource source) {
        boolean isNull = value.evaluate(source) == null;
        return Boolean.valueOf(isNull != negated);
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
}
