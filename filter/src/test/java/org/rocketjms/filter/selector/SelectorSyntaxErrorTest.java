package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid selectors: each must fail to parse, at the stated position, with a telling reason. */
class SelectorSyntaxErrorTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                // dangling operators and missing operands
                e("x = ", 4, "expected an operand but found end of input"),
                e("JMSType = 'car' AND", 19, "expected an operand but found end of input"),
                e("a = 1 AND", 9, "expected an operand"),
                e("a OR", 4, "expected an operand"),
                e("OR a", 0, "expected an operand but found keyword OR"),
                e("a AND OR b", 6, "expected an operand but found keyword OR"),
                e("NOT", 3, "expected an operand but found end of input"),
                e("a = 'x' AND NOT", 15, "expected an operand"),
                e("NOT = 1", 4, "expected an operand but found '='"),
                e("a + = 1", 4, "expected an operand but found '='"),
                e("a * * b", 4, "expected an operand but found '*'"),
                e("a == 1", 3, "expected an operand but found '='"),
                e("a = 1 /* comment */", 7, "expected an operand but found '*'"),
                // parentheses
                e("(a = 1", 6, "expected ')' to close the '(' at position 0 but found end of input"),
                e("((a = 1)", 8, "expected ')' to close the '(' at position 0"),
                e("(a = 1 b", 7, "expected ')'"),
                e("a = 1)", 5, "found ')' without a matching '('"),
                e("()", 1, "expected an operand but found ')'"),
                e("a IN ()", 6, "expected a string literal in the IN list but found ')'"),
                // operands that do not follow
                e("a b", 2, "expected an operator or end of input but found identifier 'b'"),
                e("a = 1 b", 6, "expected an operator or end of input"),
                e("a = 1 IS NULL", 6, "expected an operator or end of input but found keyword IS"),
                e("a = 'x' ESCAPE 'y'", 8, "found keyword ESCAPE"),
                // chained comparisons
                e("a = 1 = 2", 6, "a comparison cannot be the operand of '='"),
                e("a < b < c", 6, "a comparison cannot be the operand of '<'"),
                e("a IS NULL = TRUE", 10, "a comparison cannot be the operand"),
                // lexical errors
                e("a = 'abc", 4, "unterminated string literal"),
                e("a = 'it''s", 4, "unterminated string literal"),
                e("'", 0, "unterminated string literal"),
                e("a != 1", 2, "unexpected character '!'"),
                e("a = \"x\"", 4, "unexpected character '\"' (string literals are written in single quotes)"),
                e("a.b = 1", 1, "unexpected character '.'"),
                e("a = 1 #", 6, "unexpected character '#'"),
                e("a = \u00ac", 4, "unexpected character '\u00ac' (U+00AC)"),
                e("a =\u00a01", 3, "unexpected character U+00A0"),
                e("a = 0x", 4, "malformed numeric literal 0x: a hexadecimal literal needs at least one digit"),
                e("a = 0xg1", 4, "malformed numeric literal 0xg: a hexadecimal literal needs at least one digit"),
                e("a = 0x1G", 4, "malformed numeric literal 0x1G"),
                e("a = 0x1.8p1", 4, "malformed numeric literal 0x1."),
                e("a = 0x1LL", 4, "malformed numeric literal 0x1LL"),
                e("a = 0x10000000000000000", 4, "exact numeric literal 0x10000000000000000 is out of the range of long"),
                e("a = 08", 4, "malformed octal literal 08: a literal with a leading zero is octal"),
                e("a = 1 + 0779", 8, "malformed octal literal 0779"),
                e("a = 02000000000000000000000", 4, "is out of the range of long"),
                e("a = 0b101", 4, "malformed numeric literal 0b"),
                e("a = 1_000", 4, "malformed numeric literal 1_"),
                e("a = 1.2.3", 4, "malformed numeric literal 1.2."),
                e("a = 1E", 4, "the exponent has no digits"),
                e("a = 1e+", 4, "the exponent has no digits"),
                e("a = 7LL", 4, "malformed numeric literal 7LL"),
                e("a = 7Lx", 4, "malformed numeric literal 7Lx"),
                e("a = 1.5L", 4, "malformed numeric literal 1.5L"),
                e("a = 1e3L", 4, "malformed numeric literal 1e3L"),
                e("a = 9223372036854775808L", 4, "exact numeric literal 9223372036854775808L is out of the range of long"),
                e("a = 12abc", 4, "malformed numeric literal 12a"),
                e("a = 1.5Fx", 4, "malformed numeric literal 1.5Fx"),
                e("a = 99999999999999999999", 4, "out of the range of long"),
                e("a = 9223372036854775808", 4, "exact numeric literal 9223372036854775808 is out of the range of long"),
                e("a = 1 - 9223372036854775808", 8, "out of the range of long"),
                e("a = 1E400", 4, "out of the range of double"),
                // reserved words are not identifiers
                e("AND = 1", 0, "expected an operand but found keyword AND (reserved words cannot be identifiers)"),
                e("a = 1 AND between = 2", 10, "found keyword BETWEEN"),
                e("is IS NULL", 0, "found keyword IS"),
                e("escape = 'x'", 0, "found keyword ESCAPE"),
                e("Like = 'x'", 0, "found keyword LIKE"),
                e("in = 1", 0, "found keyword IN"),
                e("x = Or", 4, "found keyword OR"),
                // type errors visible in the text
                e("TRUE AND 'x'", 9, "the operands of AND must be conditions, found a string"),
                e("'x' OR a", 0, "the operands of OR must be conditions, found a string"),
                e("a AND 'x' OR b", 6, "the operands of AND must be conditions, found a string"),
                e("1 + 2 AND a", 0, "the operands of AND must be conditions, found a numeric expression"),
                e("NOT 5", 4, "the operand of NOT must be a condition, found a numeric expression"),
                e("NOT 'a'", 4, "the operand of NOT must be a condition"),
                e("5", 0, "a selector must be a condition, found a numeric expression"),
                e("a + 1", 0, "a selector must be a condition"),
                e("'abc'", 0, "a selector must be a condition, found a string"),
                e("JMSPriority + 'x'", 14, "the operands of '+' must be numeric, found a string"),
                e("a * TRUE = 1", 4, "the operands of '*' must be numeric, found a condition"),
                e("(a = 1) + 2 = 3", 0, "the operands of '+' must be numeric, found a condition"),
                e("x = -'a'", 5, "the operand of unary '-' must be numeric, found a string"),
                e("-TRUE", 1, "the operand of unary '-' must be numeric"),
                e("'a' > 3", 0, "operator '>' applies only to numeric operands, found a string"),
                e("x > 'abc'", 4, "operator '>' applies only to numeric operands, found a string"),
                e("'a' <= 'b'", 0, "operator '<=' applies only to numeric operands"),
                e("x <= TRUE", 5, "operator '<=' applies only to numeric operands, found a condition"),
                e("(a = 1) < 2", 0, "operator '<' applies only to numeric operands, found a condition"),
                e("'a' = 3", 4, "cannot compare a string with a numeric expression using '='"),
                e("TRUE = 1", 5, "cannot compare a condition with a numeric expression"),
                e("'a' <> FALSE", 4, "cannot compare a string with a condition using '<>'"),
                e("a + 1 = 'x'", 6, "only like types can be compared"),
                // BETWEEN
                e("a BETWEEN 1", 11, "expected AND between the bounds of BETWEEN but found end of input"),
                e("a BETWEEN 1 OR 2", 12, "expected AND between the bounds of BETWEEN but found keyword OR"),
                e("a BETWEEN 'a' AND 'z'", 10, "the operands of BETWEEN must be numeric, found a string"),
                e("a BETWEEN 1 AND 'z'", 16, "the operands of BETWEEN must be numeric"),
                e("'a' BETWEEN 1 AND 2", 0, "the operands of BETWEEN must be numeric"),
                e("a NOT 5", 6, "expected BETWEEN, LIKE or IN after NOT but found number 5"),
                e("a NOT NULL", 6, "expected BETWEEN, LIKE or IN after NOT"),
                // IN
                e("x IN (1, 2)", 6, "expected a string literal in the IN list but found number 1"),
                e("x IN ('a', 2)", 11, "expected a string literal in the IN list"),
                e("x IN ('a',)", 10, "expected a string literal in the IN list but found ')'"),
                e("x IN ('a' 'b')", 10, "expected ',' or ')' in the IN list but found string literal 'b'"),
                e("x IN 'a'", 5, "expected '(' after IN"),
                e("x IN ('a'", 9, "expected ',' or ')' in the IN list but found end of input"),
                e("x IN (NULL)", 6, "expected a string literal in the IN list but found keyword NULL"),
                e("a + 1 IN ('x')", 0, "the left operand of IN must be an identifier, found a numeric expression"),
                e("'a' IN ('a')", 0, "the left operand of IN must be an identifier, found a string"),
                // LIKE
                e("x LIKE 5", 7, "expected a string literal pattern after LIKE but found number 5"),
                e("x LIKE y", 7, "expected a string literal pattern after LIKE but found identifier 'y'"),
                e("5 LIKE 'x'", 0, "the left operand of LIKE must be an identifier"),
                e("-a LIKE 'x'", 0, "the left operand of LIKE must be an identifier"),
                e("a LIKE 'x' ESCAPE 'ab'", 18, "the ESCAPE character must be a single character, found 'ab'"),
                e("a LIKE 'x' ESCAPE ''", 18, "the ESCAPE character must be a single character"),
                e("a LIKE 'x' ESCAPE", 17, "expected a single-character string literal after ESCAPE but found end of input"),
                e("a LIKE 'x' ESCAPE 5", 18, "expected a single-character string literal after ESCAPE"),
                e("a LIKE 'a\\b' ESCAPE '\\'", 9, "must be followed by '_', '%' or the escape character itself"),
                e("a LIKE 'ab\\' ESCAPE '\\'", 10, "must be followed by"),
                e("a LIKE 'x''\\y' ESCAPE '\\'", 11, "must be followed by"),
                // IS [NOT] NULL
                e("a IS 5", 5, "expected NULL or NOT after IS but found number 5"),
                e("a IS NOT 5", 9, "expected NULL after IS NOT but found number 5"),
                e("a IS", 4, "expected NULL or NOT after IS but found end of input"),
                // NULL is not a literal: it only follows IS or IS NOT
                e("NULL = 0", 0, "NULL is not a value: it can only follow IS or IS NOT"),
                e("NULL IS NULL", 0, "NULL is not a value"),
                e("a = NULL", 4, "NULL is not a value"),
                e("a <> null", 5, "NULL is not a value"),
                e("NULL = NULL", 0, "NULL is not a value"),
                e("i + NULL = 5", 4, "NULL is not a value"),
                e("NULL", 0, "NULL is not a value"),
                e("a = 1 OR NULL", 9, "NULL is not a value"),
                e("a BETWEEN NULL AND 2", 10, "NULL is not a value"),
                e("NOT NULL", 4, "NULL is not a value"),
                e("JMSDestination IS NULL = NULL", 23, "a comparison cannot be the operand"),
                e("1 IS NOT NULL", 0, "the left operand of IS NULL must be an identifier"),
                // nesting limits
                e("(".repeat(200) + "a" + ")".repeat(200), SelectorParser.MAX_NESTING, "nested too deeply"),
                e("NOT ".repeat(200) + "a", 4 * SelectorParser.MAX_NESTING, "nested too deeply"),
                e("-".repeat(200) + "a = 1", SelectorParser.MAX_NESTING, "nested too deeply"),
                e("a" + " + a".repeat(600) + " = 1", 0, "nested too deeply"));
    }

    private static Arguments e(String selector, int position, String reasonFragment) {
        return Arguments.of(selector, position, reasonFragment);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void rejects(String selector, int position, String reasonFragment) {
        SelectorParseException error = assertThrows(SelectorParseException.class, () -> Selector.parse(selector));
        assertTrue(error.getReason().contains(reasonFragment),
                () -> "reason \"" + error.getReason() + "\" should contain \"" + reasonFragment + "\"");
        assertEquals(position, error.getPosition(), error::getMessage);
        assertEquals(selector, error.getExpression());
        assertTrue(error.getPosition() >= 0 && error.getPosition() <= selector.length());
    }

    @Test
    void messageNamesSelectorPositionAndReason() {
        SelectorParseException error = assertThrows(SelectorParseException.class, () -> Selector.parse("x = "));
        assertEquals("Invalid selector \"x = \" at position 4: expected an operand but found end of input",
                error.getMessage());
        assertEquals(4, error.getPosition());
        assertEquals("expected an operand but found end of input", error.getReason());
    }

    @Test
    void longSelectorsAreShortenedInTheMessageOnly() {
        String selector = "a = 1 AND ".repeat(100) + "(";
        SelectorParseException error = assertThrows(SelectorParseException.class, () -> Selector.parse(selector));
        assertEquals(selector, error.getExpression());
        assertTrue(error.getMessage().length() < 400, error.getMessage());
        assertTrue(error.getMessage().contains("...\" at position " + selector.length()), error.getMessage());
    }

    @Test
    void acceptsDeepButReasonableNesting() throws SelectorParseException {
        String selector = "(".repeat(SelectorParser.MAX_NESTING) + "a = 1" + ")".repeat(SelectorParser.MAX_NESTING);
        Selector parsed = Selector.parse(selector);
        assertTrue(parsed.matches(new TestMessage().with("a", 1)));
        String longChain = "a = 0" + " OR a = 0".repeat(5_000) + " OR a = 1";
        assertTrue(Selector.parse(longChain).matches(new TestMessage().with("a", 1)));
    }
}
