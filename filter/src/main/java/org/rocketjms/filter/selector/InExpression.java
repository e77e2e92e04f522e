package org.rocketjms.filter.selector;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code identifier [NOT] IN ('a', 'b', ...)}. The identifier must have a String or NULL value
 * (3.8.1.1). A NULL identifier gives UNKNOWN, so {@code NOT IN} does not match a message without the
 * property; a value of any other type (a number, a boolean) is outside the operator's domain and
 * gives UNKNOWN as well, so neither {@code IN} nor {@code NOT IN} matches it.
 */
final class InExpression implements Expression {

    private final Expression value;
    private final Set<String> candidates;
    private final boolean negated;

    InExpression(Expression value, List<String> candidates, boolean negated) {
        this.value = value;
        this.candidates = new LinkedHashSet<>(candidates);
        this.negated = negated;
    }

    @Override
    public Object evaluate(PropertySource source) {
        Object v = value.evaluate(source);
        if (!(v instanceof String)) {
            return null;
        }
        boolean found = candidates.contains(v);
        return Boolean.valueOf(found != negated);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("(").append(value).append(negated ? " NOT IN (" : " IN (");
        boolean first = true;
        for (String candidate : candidates) {
            if (!first) {
                text.append(", ");
            }
            text.append(Values.toLiteral(candidate));
            first = false;
        }
        return text.append("))").toString();
    }
}
