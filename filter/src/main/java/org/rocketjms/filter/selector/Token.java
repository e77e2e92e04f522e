package org.rocketjms.filter.selector;

/**
 * One lexical token of a selector.
 *
 * @param kind what the token is
 * @param text the token exactly as written in the selector
 * @param value the decoded value of a literal ({@link String}, {@link Long}, {@link Double}) or the
 *        name of an identifier; {@code null} for other tokens and for the exact literal
 *        9223372036854775808 (with or without an {@code L} suffix), which is only valid after a
 *        unary minus
 * @param position 0-based offset of the token's first character in the selector
 */
record Token(TokenKind kind, String text, Object value, int position) {

    /** @return a short human description for error messages, such as {@code keyword AND} */
    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case IDENTIFIER -> "identifier '" + text + "'";
            case STRING -> "string literal " + text;
            case EXACT_NUMBER, APPROXIMATE_NUMBER -> "number " + text;
            default -> kind.keyword() != null ? "keyword " + kind.keyword() : "'" + text + "'";
        };
    }
}
