package org.rocketjms.filter.selector;

/**
 * {@code identifier [NOT] LIKE 'pattern' [ESCAPE 'c']}. The identifier must have a String or NULL
 * value (3.8.1.1): a NULL identifier gives UNKNOWN, and so does a value of any other type, exactly as
 * for {@link InExpression}, so neither {@code LIKE} nor {@code NOT LIKE} matches a number.
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
        if (!(v instanceof String)) {
            return null;
        }
        boolean matched = pattern.matches((String) v);
        return Boolean.valueOf(matched != negated);
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " NOT LIKE " : " LIKE ") + pattern + ")";
    }
}
