package org.rocketjms.filter.selector;

import java.util.Arrays;

/**
 * A compiled LIKE pattern: {@code _} matches exactly one character, {@code %} any sequence of
 * characters (including none), the optional escape character makes the following {@code _},
 * {@code %} or escape character literal, and every other character matches itself.
 *
 * <p>Characters are Unicode code points, so {@code _} matches one supplementary character (a surrogate
 * pair) as a whole. Matching is done by a hand-written matcher, never by a regular expression, so
 * characters such as {@code .}, {@code *}, {@code [} or {@code \} in a pattern are just characters.
 * The matcher allocates nothing and runs in O(pattern x value) time in the worst case, linear in the
 * common cases (no {@code %}, or a single {@code %}). Instances are immutable.
 */
final class LikePattern {

    /** Marker element: {@code _}. Code points are never negative. */
    private static final int ANY_ONE = -1;
    /** Marker element: {@code %}. */
    private static final int ANY_SEQUENCE = -2;
    /** Escape code point meaning "no ESCAPE clause". */
    static final int NO_ESCAPE = -1;

    private final String source;
    private final int escape;
    private final int[] elements;
    /** The pattern's text when it has no wildcard at all, so matching is plain equality. */
    private final String literal;

    private LikePattern(String source, int escape, int[] elements, String literal) {
        this.source = source;
        this.escape = escape;
        this.elements = elements;
        this.literal = literal;
    }

    /**
     * Finds a misused escape character: one at the end of the pattern, or one followed by anything
     * other than {@code _}, {@code %} or the escape character itself.
     *
     * @param pattern the decoded pattern string
     * @param escape the escape code point, or {@link #NO_ESCAPE}
     * @return the char index of the offending escape character, or -1 when the pattern is valid
     */
    static int invalidEscapeIndex(String pattern, int escape) {
        if (escape == NO_ESCAPE) {
            return -1;
        }
        int i = 0;
        while (i < pattern.length()) {
            int cp = pattern.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == escape) {
                if (next >= pattern.length()) {
                    return i;
                }
                int escaped = pattern.codePointAt(next);
                if (escaped != '_' && escaped != '%' && escaped != escape) {
                    return i;
                }
                next += Character.charCount(escaped);
            }
            i = next;
        }
        return -1;
    }

    /**
     * Compiles a pattern whose escapes {@link #invalidEscapeIndex} has accepted.
     *
     * @param pattern the decoded pattern string
     * @param escape the escape code point, or {@link #NO_ESCAPE}
     */
    static LikePattern compile(String pattern, int escape) {
        if (invalidEscapeIndex(pattern, escape) >= 0) {
            throw new IllegalArgumentException("invalid escape in LIKE pattern: " + pattern);
        }
        int[] elements = new int[pattern.codePointCount(0, pattern.length())];
        int count = 0;
        boolean wildcard = false;
        int i = 0;
        while (i < pattern.length()) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == escape) {
                int escaped = pattern.codePointAt(i);
                i += Character.charCount(escaped);
                elements[count++] = escaped;
            } else if (cp == '_') {
                elements[count++] = ANY_ONE;
                wildcard = true;
            } else if (cp == '%') {
                if (count == 0 || elements[count - 1] != ANY_SEQUENCE) {
                    elements[count++] = ANY_SEQUENCE;
                }
                wildcard = true;
            } else {
                elements[count++] = cp;
            }
        }
        int[] compact = Arrays.copyOf(elements, count);
        String literal = wildcard ? null : new String(compact, 0, count);
        return new LikePattern(pattern, escape, compact, literal);
    }

    /** @return whether {@code value} matches the whole pattern */
    boolean matches(String value) {
        if (literal != null) {
            return literal.equals(value);
        }
        int[] p = elements;
        int pi = 0;
        int vi = 0;
        int starPi = -1;
        int starVi = -1;
        int length = value.length();
        while (vi < length) {
            if (pi < p.length && p[pi] != ANY_SEQUENCE) {
                int cp = value.codePointAt(vi);
                if (p[pi] == ANY_ONE || p[pi] == cp) {
                    pi++;
                    vi += Character.charCount(cp);
                    continue;
                }
            } else if (pi < p.length) {
                // '%': first try matching it with nothing; remember where to resume.
                starPi = pi++;
                starVi = vi;
                continue;
            }
            if (starPi < 0) {
                return false;
            }
            // Mismatch after a '%': let that '%' swallow one more character and retry.
            starVi += Character.charCount(value.codePointAt(starVi));
            vi = starVi;
            pi = starPi + 1;
        }
        while (pi < p.length && p[pi] == ANY_SEQUENCE) {
            pi++;
        }
        return pi == p.length;
    }

    @Override
    public String toString() {
        String text = Values.toLiteral(source);
        if (escape == NO_ESCAPE) {
            return text;
        }
        return text + " ESCAPE " + Values.toLiteral(new String(Character.toChars(escape)));
    }
}
