package org.rocketjms.filter.selector;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code identifier [NOT] IN ('a', 'b', ...)}. A NULL identifier gives UNKNOWN (so {@code NOT IN}
 * does not match a message without the property); a non-string value compares as a non-like type,
 * so {@code IN} is FALSE and {@code NOT IN} is TRUE, following the specification's equivalence with
 * {@code NOT ((x = 'a') OR (x = 'b') ...)}.
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
        if (v == null) {
            return null;
        }
        boolean found = v instanceof String && candidates.contains(v);
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
