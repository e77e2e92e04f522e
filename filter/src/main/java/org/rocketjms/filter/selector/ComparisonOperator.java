package org.rocketjms.filter.selector;

/** The six comparison operators, with Java's primitive comparison semantics. */
enum ComparisonOperator {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** @return the operator as written in a selector */
    String symbol() {
        return symbol;
    }

    /** @return whether this is {@code =} or {@code <>}, the only operators strings and booleans support */
    boolean isEquality() {
        return this == EQ || this == NE;
    }

    /** @return the comparison of two longs */
    boolean test(long a, long b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    /** @return the comparison of two doubles with Java's primitive semantics (NaN is unordered) */
    boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    /** @return the operator for a comparison token kind */
    static ComparisonOperator of(TokenKind kind) {
        return switch (kind) {
            case EQ -> EQ;
            case NE -> NE;
            case LT -> LT;
            case LE -> LE;
            case GT -> GT;
            case GE -> GE;
            default -> throw new IllegalArgumentException("not a comparison operator: " + kind);
        };
    }
}
