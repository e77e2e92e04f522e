package org.rocketjms.filter.selector;

import java.util.List;

/**
 * Three-valued OR over two or more operands, evaluated left to right and stopping at the first TRUE
 * (which decides the result whatever the rest would give). A chain {@code a OR b OR c} is one node.
 */
final class OrExpression implements Expression {

    private final Expression[] operands;

    OrExpression(List<Expression> operands) {
        this.operands = operands.toArray(new Expression[0]);
    }

    @Override
    public Object evaluate(PropertySource source) {
        Boolean result = Boolean.FALSE;
        for (Expression operand : operands) {
            Boolean value = Values.truth(operand.evaluate(source));
            if (Boolean.TRUE.equals(value)) {
                return Boolean.TRUE;
            }
            if (value == null) {
                result = null;
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return LogicalFormat.join(operands, " OR ");
    }
}
