package org.rocketjms.filter.selector;

/**
 * {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}. A NULL identifier gives UNKNOWN; a non-string
 * value compares as a non-like type, so {@code LIKE} is FALSE and {@code NOT LIKE} is TRUE.
 */
final class LikeExpression implements Expression {

    private final Expression value;
    private final LikePattern pattern;
    private final boolean negated;

    LikeExpression(Expression value, LikePattern pattern, boolean negated) {
        this.value = value;
        this.pattern = pattern;
        this.negated = negated;
    }

    @Override
    public Object evaluate(PropertySource source) {
        Object v = value.evaluate(source);
        if (v == null) {
            return null;
        }
        boolean matched = v instanceof String && pattern.matches((String) v);
        return Boolean.valueOf(matched != negated);
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " NOT LIKE " : " LIKE ") + pattern + ")";
    }
}
