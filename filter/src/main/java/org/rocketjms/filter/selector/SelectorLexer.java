package org.rocketjms.filter.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a selector into {@link Token}s.
 *
 * <p>Lexical rules (Jakarta Messaging 3.1, 3.8.1.1): whitespace is Java whitespace (space, tab, form
 * feed, CR, LF); identifiers are a Java identifier start followed by Java identifier parts, and the
 * reserved words are recognised ignoring ASCII case; string literals are single-quoted with
 * {@code ''} standing for one quote.
 *
 * <p>Numeric literals use the Java literal syntax, as the specification requires:
 * <ul>
 *   <li>Exact numerics are Java integer literals: decimal ({@code 57}), octal with a leading zero
 *       ({@code 035} is 29), or hexadecimal ({@code 0x1d}, {@code 0X1D}), each optionally with an
 *       {@code L}/{@code l} suffix ({@code 7L}). Every exact literal is a {@code long}, with or
 *       without the suffix. A decimal literal must be within the range of {@code long} (a sign is a
 *       unary operator, so 9223372036854775808 is accepted only to be negated); an octal or
 *       hexadecimal literal may use all 64 bits and, as in Java, one with the top bit set is negative
 *       ({@code 0xFFFFFFFFFFFFFFFF} is -1). A leading zero followed by an 8 or 9 is not a valid
 *       integer literal.</li>
 *   <li>Approximate numerics are Java decimal floating-point literals: they have a decimal point
 *       and/or an exponent ({@code 7.}, {@code .5}, {@code -57.9E2}, {@code 1.5e-3}) and may carry an
 *       {@code F}/{@code D} suffix, which also makes a literal without point or exponent approximate
 *       ({@code 7F}, {@code 010F} is ten).</li>
 * </ul>
 * Binary literals, underscores in numbers, hexadecimal floating-point literals and double-quoted
 * strings are not part of the language and are rejected.
 */
final class SelectorLexer {

    private static final String LONG_MAX_DIGITS = Long.toString(Long.MAX_VALUE);
    private static final String LONG_MIN_MAGNITUDE_DIGITS = "9223372036854775808";

    private final String input;
    private int pos;

    SelectorLexer(String input) {
        this.input = input;
    }

    /** @return whether {@code c} is whitespace in the selector language */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
    }

    /** @return whether {@code text} contains nothing but selector whitespace */
    static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tokenizes the whole input.
     *
     * @return the tokens, always ending with one {@link TokenKind#EOF} token
     * @throws SelectorParseException on a lexical error
     */
    List<Token> tokenize() throws SelectorParseException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < input.length() && isWhitespace(input.charAt(pos))) {
                pos++;
            }
            if (pos >= input.length()) {
                tokens.add(new Token(TokenKind.EOF, "", null, pos));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() throws SelectorParseException {
        int start = pos;
        char c = input.charAt(pos);
        switch (c) {
            case '\'':
                return string(start);
            case '(':
                return single(TokenKind.LEFT_PAREN, start);
            case ')':
                return single(TokenKind.RIGHT_PAREN, start);
            case ',':
                return single(TokenKind.COMMA, start);
            case '+':
                return single(TokenKind.PLUS, start);
            case '-':
                return single(TokenKind.MINUS, start);
            case '*':
                return single(TokenKind.STAR, start);
            case '/':
                return single(TokenKind.SLASH, start);
            case '=':
                return single(TokenKind.EQ, start);
            case '<':
                if (peekIs(start + 1, '>')) {
                    return pair(TokenKind.NE, start);
                }
                if (peekIs(start + 1, '=')) {
                    return pair(TokenKind.LE, start);
                }
                return single(TokenKind.LT, start);
            case '>':
                if (peekIs(start + 1, '=')) {
                    return pair(TokenKind.GE, start);
                }
                return single(TokenKind.GT, start);
            default:
                break;
        }
        if (isDigit(c) || (c == '.' && start + 1 < input.length() && isDigit(input.charAt(start + 1)))) {
            return number(start);
        }
        int cp = input.codePointAt(start);
        if (Character.isJavaIdentifierStart(cp)) {
            return identifier(start);
        }
        String hint = c == '"' ? " (string literals are written in single quotes)" : "";
        throw error(start, "unexpected character " + describeChar(cp) + hint);
    }

    private Token single(TokenKind kind, int start) {
        pos = start + 1;
        return new Token(kind, input.substring(start, pos), null, start);
    }

    private Token pair(TokenKind kind, int start) {
        pos = start + 2;
        return new Token(kind, input.substring(start, pos), null, start);
    }

    private boolean peekIs(int index, char expected) {
        return index < input.length() && input.charAt(index) == expected;
    }

    private Token string(int start) throws SelectorParseException {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= input.length()) {
                throw error(start, "unterminated string literal");
            }
            char c = input.charAt(i);
            if (c == '\'') {
                if (peekIs(i + 1, '\'')) {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                pos = i + 1;
                return new Token(TokenKind.STRING, input.substring(start, pos), value.toString(), start);
            }
            value.append(c);
            i++;
        }
    }

    private Token identifier(int start) {
        int i = start + Character.charCount(input.codePointAt(start));
        while (i < input.length()) {
            int cp = input.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        pos = i;
        String word = input.substring(start, i);
        TokenKind keyword = TokenKind.keyword(word);
        if (keyword != null) {
            return new Token(keyword, word, null, start);
        }
        return new Token(TokenKind.IDENTIFIER, word, word, start);
    }

    private Token number(int start) throws SelectorParseException {
        if (input.charAt(start) == '0' && (peekIs(start + 1, 'x') || peekIs(start + 1, 'X'))) {
            return hexadecimal(start);
        }
        int i = start;
        boolean approximate = false;
        while (i < input.length() && isDigit(input.charAt(i))) {
            i++;
        }
        int integerEnd = i;
        if (peekIs(i, '.')) {
            approximate = true;
            i++;
            while (i < input.length() && isDigit(input.charAt(i))) {
                i++;
            }
        }
        if (peekIs(i, 'e') || peekIs(i, 'E')) {
            approximate = true;
            i++;
            if (peekIs(i, '+') || peekIs(i, '-')) {
                i++;
            }
            int exponentStart = i;
            while (i < input.length() && isDigit(input.charAt(i))) {
                i++;
            }
            if (i == exponentStart) {
                throw error(start, "malformed numeric literal " + input.substring(start, i)
                        + ": the exponent has no digits");
            }
        }
        int numberEnd = i;
        if (peekIs(i, 'f') || peekIs(i, 'F') || peekIs(i, 'd') || peekIs(i, 'D')) {
            approximate = true;
            i++;
        } else if (!approximate && (peekIs(i, 'l') || peekIs(i, 'L'))) {
            i++;
        }
        i = endOfLiteral(start, i);
        String text = input.substring(start, i);
        if (approximate) {
            double value = Double.parseDouble(input.substring(start, numberEnd));
            if (Double.isInfinite(value)) {
                throw error(start, "approximate numeric literal " + text + " is out of the range of double");
            }
            return new Token(TokenKind.APPROXIMATE_NUMBER, text, value, start);
        }
        String digits = input.substring(start, integerEnd);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            for (int d = 1; d < digits.length(); d++) {
                if (digits.charAt(d) > '7') {
                    throw error(start, "malformed octal literal " + text
                            + ": a literal with a leading zero is octal and takes only the digits 0 to 7");
                }
            }
            return new Token(TokenKind.EXACT_NUMBER, text, parseUnsigned(start, text, digits.substring(1), 8), start);
        }
        if (fitsInLong(digits)) {
            return new Token(TokenKind.EXACT_NUMBER, text, Long.parseLong(digits), start);
        }
        if (digits.equals(LONG_MIN_MAGNITUDE_DIGITS)) {
            return new Token(TokenKind.EXACT_NUMBER, text, null, start);
        }
        throw error(start, "exact numeric literal " + text + " is out of the range of long");
    }

    /** Lexes {@code 0x}/{@code 0X} followed by hexadecimal digits and an optional {@code L} suffix. */
    private Token hexadecimal(int start) throws SelectorParseException {
        int digitsStart = start + 2;
        int i = digitsStart;
        while (i < input.length() && Character.digit(input.charAt(i), 16) >= 0) {
            i++;
        }
        if (i == digitsStart) {
            int end = i < input.length() ? i + Character.charCount(input.codePointAt(i)) : i;
            throw error(start, "malformed numeric literal " + input.substring(start, end)
                    + ": a hexadecimal literal needs at least one digit after 0x");
        }
        int digitsEnd = i;
        if (peekIs(i, 'l') || peekIs(i, 'L')) {
            i++;
        }
        i = endOfLiteral(start, i);
        String text = input.substring(start, i);
        return new Token(TokenKind.EXACT_NUMBER, text,
                parseUnsigned(start, text, input.substring(digitsStart, digitsEnd), 16), start);
    }

    /**
     * Checks that a numeric literal ends at {@code end}: a following identifier character or point
     * would make it malformed ({@code 12abc}, {@code 1.2.3}, {@code 7LL}).
     *
     * @return {@code end}, which becomes the lexer's position
     */
    private int endOfLiteral(int start, int end) throws SelectorParseException {
        if (end < input.length()
                && (input.charAt(end) == '.' || Character.isJavaIdentifierPart(input.codePointAt(end)))) {
            int through = end + Character.charCount(input.codePointAt(end));
            throw error(start, "malformed numeric literal " + input.substring(start, through));
        }
        pos = end;
        return end;
    }

    /** Parses octal or hexadecimal digits as a 64-bit two's complement value, as Java does. */
    private long parseUnsigned(int start, String text, String digits, int radix) throws SelectorParseException {
        try {
            return Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            throw error(start, "exact numeric literal " + text + " is out of the range of long");
        }
    }

    private static boolean fitsInLong(String digits) {
        return digits.length() < LONG_MAX_DIGITS.length()
                || (digits.length() == LONG_MAX_DIGITS.length() && digits.compareTo(LONG_MAX_DIGITS) <= 0);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String describeChar(int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            return "'" + (char) cp + "'";
        }
        String code = String.format("U+%04X", cp);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return code;
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + code + ")";
    }

    private SelectorParseException error(int position, String reason) {
        return new SelectorParseException(input, position, reason);
    }
}
