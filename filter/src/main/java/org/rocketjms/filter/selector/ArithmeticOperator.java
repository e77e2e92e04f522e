package org.rocketjms.filter.selector;

/** The four binary arithmetic operators. */
enum ArithmeticOperator {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/");

    private final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }

    /** @return the operator as written in a selector */
    String symbol() {
        return symbol;
    }
}
