package org.rocketjms.filter.selector;

import java.util.List;

/**
 * Three-valued AND over two or more operands, evaluated left to right and stopping at the first
 * FALSE (which decides the result whatever the rest would give). A chain {@code a AND b AND c} is one
 * node, so long chains do not make the tree deep.
 */
final class AndExpression implements Expression {

    private final Expression[] operands;

    AndExpression(List<Expression> operands) {
        this.operands = operands.toArray(new Expression[0]);
    }

    @Override
    public Object evaluate(PropertySource source) {
        Boolean result = Boolean.TRUE;
        for (Expression operand : operands) {
            Boolean value = Values.truth(operand.evaluate(source));
            if (Boolean.FALSE.equals(value)) {
                return Boolean.FALSE;
            }
            if (value == null) {
                result = null;
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return LogicalFormat.join(operands, " AND ");
    }
}
