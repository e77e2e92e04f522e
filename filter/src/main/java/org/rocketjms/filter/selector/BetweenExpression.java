package org.rocketjms.filter.selector;

/**
 * {@code value [NOT] BETWEEN low AND high}, evaluated exactly as the specification's equivalences:
 * {@code value >= low AND value <= high}, and for NOT {@code value < low OR value > high}, with
 * three-valued logic (so a NULL bound can still give a definite answer through the other bound).
 */
final class BetweenExpression implements Expression {

    private final Expression value;
    private final Expression low;
    private final Expression high;
    private final boolean negated;

    BetweenExpression(Expression value, Expression low, Expression high, boolean negated) {
        this.value = value;
        this.low = low;
        this.high = high;
        this.negated = negated;
    }

    @Override
    public Object evaluate(PropertySource source) {
        Object v = value.evaluate(source);
        if (v == null) {
            return null;
        }
        Object lo = low.evaluate(source);
        Object hi = high.evaluate(source);
        if (negated) {
            return Values.or(Values.compare(ComparisonOperator.LT, v, lo),
                    Values.compare(ComparisonOperator.GT, v, hi));
        }
        return Values.and(Values.compare(ComparisonOperator.GE, v, lo),
                Values.compare(ComparisonOperator.LE, v, hi));
    }

    @Override
    public String toString() {
        return "(" + value + (negated ? " NOT BETWEEN " : " BETWEEN ") + low + " AND " + high + ")";
    }
}
