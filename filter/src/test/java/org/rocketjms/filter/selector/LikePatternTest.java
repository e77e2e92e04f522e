package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The LIKE matcher on its own: wildcards, escapes, literal regex metacharacters, code points. */
class LikePatternTest {

    @ParameterizedTest(name = "''{2}'' LIKE ''{0}'' ESCAPE ''{1}'' = {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // the specification's examples
        "12%3      |   | 123       | true",
        "12%3      |   | 12993     | true",
        "12%3      |   | 1234      | false",
        "l_se      |   | lose      | true",
        "l_se      |   | loose     | false",
        "\\_%      | \\ | _foo     | true",
        "\\_%      | \\ | bar      | false",
        // plain characters and wildcards
        "abc       |   | abc       | true",
        "abc       |   | abcd      | false",
        "abc       |   | ab        | false",
        "abc       |   | ABC       | false",
        "%         |   | \"\"      | true",
        "%         |   | anything  | true",
        "%%%       |   | x         | true",
        "_         |   | \"\"      | false",
        "_         |   | x         | true",
        "_         |   | xy        | false",
        "__        |   | xy        | true",
        "a%        |   | a         | true",
        "%a        |   | ba        | true",
        "%a        |   | ab        | false",
        "%a%       |   | xxaxx     | true",
        "a%b%c     |   | aXXbYYc   | true",
        "a%b%c     |   | aXXcYYb   | false",
        "a%b       |   | abab      | true",
        "a%b       |   | abac      | false",
        "%ab%ab%   |   | xabyab    | true",
        "%ab%ab%   |   | xabya     | false",
        "_%_       |   | ab        | true",
        "_%_       |   | a         | false",
        "%_        |   | \"\"      | false",
        // regular-expression metacharacters are ordinary characters
        ".*        |   | abc       | false",
        ".*        |   | .*        | true",
        "a.c       |   | abc       | false",
        "a.c       |   | a.c       | true",
        "[a-z]     |   | b         | false",
        "[a-z]     |   | [a-z]     | true",
        "\"(a|b)+\" |   | \"(a|b)+\" | true",
        "^a$       |   | ^a$       | true",
        "\\d       |   | \\d       | true",
        "\\d       |   | 5         | false",
        "a\\Q.\\E  |   | a\\Q.\\E  | true",
        "{1}?      |   | {1}?      | true",
        // escapes
        "100!%     | ! | 100%      | true",
        "100!%     | ! | 1000      | false",
        "a!!b      | ! | a!b       | true",
        "a!_b      | ! | a_b       | true",
        "a!_b      | ! | axb       | false",
        "%!%       | ! | 50%       | true",
        "a._       | . | a_        | true",
        "a._       | . | ab        | false",
        "a%%b      | % | a%b       | true",
        "a%%b      | % | axb       | false",
        "a__       | _ | a_        | true",
        "\\%       |   | \\anything | true",
    })
    void matches(String pattern, String escape, String value, boolean expected) {
        int escapeCodePoint = escape == null ? LikePattern.NO_ESCAPE : escape.codePointAt(0);
        assertEquals(-1, LikePattern.invalidEscapeIndex(pattern, escapeCodePoint));
        assertEquals(expected, LikePattern.compile(pattern, escapeCodePoint).matches(value));
    }

    @Test
    void underscoreMatchesOneCodePoint() {
        String grinning = "\uD83D\uDE00";
        assertTrue(LikePattern.compile("a_b", LikePattern.NO_ESCAPE).matches("a" + grinning + "b"));
        assertFalse(LikePattern.compile("a__b", LikePattern.NO_ESCAPE).matches("a" + grinning + "b"));
        assertTrue(LikePattern.compile("%" + grinning, LikePattern.NO_ESCAPE).matches("xx" + grinning));
        assertTrue(LikePattern.compile("a" + grinning + "%", LikePattern.NO_ESCAPE).matches("a" + grinning));
        int escape = grinning.codePointAt(0);
        assertTrue(LikePattern.compile(grinning + "%", escape).matches("%"));
    }

    @Test
    void findsMisusedEscapes() {
        assertEquals(1, LikePattern.invalidEscapeIndex("a\\b", '\\'));
        assertEquals(2, LikePattern.invalidEscapeIndex("ab\\", '\\'));
        assertEquals(-1, LikePattern.invalidEscapeIndex("a\\\\b", '\\'));
        assertEquals(-1, LikePattern.invalidEscapeIndex("a\\b", LikePattern.NO_ESCAPE));
        assertThrows(IllegalArgumentException.class, () -> LikePattern.compile("a\\b", '\\'));
    }

    @Test
    void pathologicalPatternsStayFast() {
        String value = "a".repeat(20_000);
        LikePattern pattern = LikePattern.compile("%a%a%a%a%a%a%a%b", LikePattern.NO_ESCAPE);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(pattern.matches(value)));
    }

    @Test
    void printsAsSelectorSyntax() {
        assertEquals("'it''s%'", LikePattern.compile("it's%", LikePattern.NO_ESCAPE).toString());
        assertEquals("'a!_' ESCAPE '!'", LikePattern.compile("a!_", '!').toString());
    }
}
