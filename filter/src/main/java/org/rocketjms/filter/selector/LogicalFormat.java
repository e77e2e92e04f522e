package org.rocketjms.filter.selector;

/** Prints n-ary logical nodes in the canonical parenthesised form. */
final class LogicalFormat {

    private LogicalFormat() {
    }

    static String join(Expression[] operands, String separator) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < operands.length; i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(operands[i]);
        }
        return text.append(')').toString();
    }
}
