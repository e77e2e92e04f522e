package org.rocketjms.filter.selector;

/** The kinds of token the selector lexer produces; keywords carry their upper-case spelling. */
enum TokenKind {
    IDENTIFIER(null),
    STRING(null),
    EXACT_NUMBER(null),
    APPROXIMATE_NUMBER(null),

    NOT("NOT"),
    AND("AND"),
    OR("OR"),
    BETWEEN("BETWEEN"),
    LIKE("LIKE"),
    IN("IN"),
    IS("IS"),
    ESCAPE("ESCAPE"),
    NULL("NULL"),
    TRUE("TRUE"),
    FALSE("FALSE"),

    EQ(null),
    NE(null),
    LT(null),
    LE(null),
    GT(null),
    GE(null),
    PLUS(null),
    MINUS(null),
    STAR(null),
    SLASH(null),
    LEFT_PAREN(null),
    RIGHT_PAREN(null),
    COMMA(null),
    EOF(null);

    private static final TokenKind[] KEYWORDS = {NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE, NULL, TRUE, FALSE};

    private final String keyword;

    TokenKind(String keyword) {
        this.keyword = keyword;
    }

    /** @return the upper-case spelling of a keyword, or {@code null} for other kinds */
    String keyword() {
        return keyword;
    }

    /** @return whether this kind is one of the six comparison operators */
    boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }

    /**
     * Finds the keyword spelled by {@code word}, ignoring ASCII case only (so that, for example, a
     * dotless {@code ı} never turns an identifier into the keyword {@code IN}).
     *
     * @return the keyword kind, or {@code null} when {@code word} is an ordinary identifier
     */
    static TokenKind keyword(String word) {
        for (TokenKind kind : KEYWORDS) {
            if (asciiEqualsIgnoreCase(kind.keyword, word)) {
                return kind;
            }
        }
        return null;
    }

    private static boolean asciiEqualsIgnoreCase(String upper, String word) {
        if (upper.length() != word.length()) {
            return false;
        }
        for (int i = 0; i < upper.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - ('a' - 'A'));
            }
            if (c != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
