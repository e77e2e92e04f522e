package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rocketjms.filter.selector.TestMessage.Outcome.FALSE;
import static org.rocketjms.filter.selector.TestMessage.Outcome.TRUE;
import static org.rocketjms.filter.selector.TestMessage.Outcome.UNKNOWN;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocketjms.filter.selector.TestMessage.Outcome;

/**
 * Table-driven evaluation of every construct against one message. Each row states whether the
 * selector is TRUE, FALSE or UNKNOWN; the helper checks both the selector and its negation.
 */
class SelectorEvaluationTest {

    static final TestMessage MESSAGE = new TestMessage()
            .with("JMSType", "car")
            .with("JMSDeliveryMode", "PERSISTENT")
            .with("JMSPriority", 6)
            .with("JMSMessageID", "ID:42")
            .with("JMSTimestamp", 1_700_000_000_000L)
            .with("JMSXDeliveryCount", 2)
            .with("JMS_rocket_region", "eu")
            .with("JMSDestination", "queue://orders")
            .with("JMSRedelivered", Boolean.TRUE)
            .with("color", "blue")
            .with("Color", "red")
            .with("weight", 2600)
            .with("name", "O'Brien")
            .with("empty", "")
            .with("b", (byte) 3)
            .with("s", (short) 7)
            .with("i", 5)
            .with("l", 5L)
            .with("f", 2.5f)
            .with("d", 2.5)
            .with("tenth", 0.1f)
            .with("big", Long.MAX_VALUE)
            .with("yes", Boolean.TRUE)
            .with("no", Boolean.FALSE)
            .with("num", "5")
            .with("nan", Double.NaN)
            .with("obj", new BigDecimal("5"))
            .with("phone", "12993")
            .with("word", "lose")
            .with("under", "_foo")
            .with("regex", "a.b*c[d]")
            .with("path", "C:\\dir")
            .with("unicode", "na\u00efve")
            .with("emoji", "a\uD83D\uDE00b")
            .with("$x", 1)
            .with("_y", 2)
            .with("a1", 3)
            .with("\u00e9t\u00e9", "summer");

    static Stream<Arguments> cases() {
        return Stream.of(
                // the specification's example
                t("JMSType = 'car' AND color = 'blue' AND weight > 2500", TRUE),
                // string comparison
                t("color = 'blue'", TRUE),
                t("color = 'Blue'", FALSE),
                t("color <> 'red'", TRUE),
                t("color <> 'blue'", FALSE),
                t("Color = 'red'", TRUE),
                t("Color = 'blue'", FALSE),
                t("name = 'O''Brien'", TRUE),
                t("name = 'O''brien'", FALSE),
                t("empty = ''", TRUE),
                t("color = color", TRUE),
                t("\u00e9t\u00e9 = 'summer'", TRUE),
                t("$x = 1 AND _y = 2 AND a1 = 3", TRUE),
                // numeric comparison
                t("weight > 2500", TRUE),
                t("weight >= 2600", TRUE),
                t("weight > 2600", FALSE),
                t("weight < 2600", FALSE),
                t("weight <= 2600", TRUE),
                t("weight = 2600", TRUE),
                t("weight <> 2600", FALSE),
                t("weight <> 2601", TRUE),
                // mixed numeric types (Java promotion)
                t("i = 5.0", TRUE),
                t("i = l", TRUE),
                t("b = 3", TRUE),
                t("b < l", TRUE),
                t("s > i", TRUE),
                t("b + s = 10", TRUE),
                t("f = 2.5", TRUE),
                t("f = d", TRUE),
                t("d > 2", TRUE),
                t("d > i", FALSE),
                t("i * 1.0 = 5", TRUE),
                t("l = 005", TRUE),
                t("big = 9223372036854775807", TRUE),
                t("big > 9.2E18", TRUE),
                t("big + 1 < 0", TRUE), // long overflow wraps, as in Java
                t("tenth = 0.1", FALSE), // a Float widened to double is not the double 0.1
                t("tenth < 0.11", TRUE),
                t("-9223372036854775808 < -big", TRUE),
                // exact literals use the Java integer literal syntax: octal, hexadecimal, L suffix
                t("i = 05", TRUE),
                t("i = 005", TRUE),
                t("weight = 05050", TRUE),
                t("weight = 2600L", TRUE),
                t("weight = 2600l", TRUE),
                t("weight = 0xA28", TRUE),
                t("weight = 0Xa28", TRUE),
                t("weight = 0x0a28L", TRUE),
                t("i = 0x5 AND i = 05 AND i = 5L", TRUE),
                t("i = 0x1d", FALSE),
                t("i = 010", FALSE), // octal eight, not decimal ten
                t("i * 2 = 012", TRUE),
                t("-weight = -0xA28", TRUE),
                t("big = 9223372036854775807L", TRUE),
                t("big = 0x7FFFFFFFFFFFFFFF", TRUE),
                t("big = 0777777777777777777777", TRUE),
                t("-big - 1 = -9223372036854775808L", TRUE),
                t("-big - 1 = 0x8000000000000000", TRUE), // the top bit makes it negative, as in Java
                t("-1 = 0xFFFFFFFFFFFFFFFFL", TRUE),
                t("-1 = 01777777777777777777777", TRUE),
                t("i = 05.0", TRUE), // a leading zero does not make a floating-point literal octal
                t("weight = 02600e0", TRUE),
                t("l = 05D", TRUE),
                // arithmetic and precedence
                t("i + l = 10", TRUE),
                t("i - l = 0", TRUE),
                t("i * l = 25", TRUE),
                t("i / 2 = 2", TRUE),
                t("i / 2.0 = 2.5", TRUE),
                t("-i = -5", TRUE),
                t("+i = 5", TRUE),
                t("i - -1 = 6", TRUE),
                t("- - i = 5", TRUE),
                t("2 + 3 * 4 = 14", TRUE),
                t("(2 + 3) * 4 = 20", TRUE),
                t("2 * 3 + 4 = 10", TRUE),
                t("10 - 4 - 3 = 3", TRUE),
                t("24 / 4 / 2 = 3", TRUE),
                t("-2 * -3 = 6", TRUE),
                t("- i * 2 = -10", TRUE),
                t("7 / 2 = 3", TRUE),
                t("-7 / 2 = -3", TRUE),
                t("i / 0 = 0", UNKNOWN),
                t("i / 0 <> 0", UNKNOWN),
                t("i / (l - 5) > 0", UNKNOWN),
                t("d / 0 > 1000000", TRUE), // approximate division follows Java: infinity
                t("weight > 2000 + 500 AND weight < 2 * 1500", TRUE),
                // header fields
                t("JMSDeliveryMode = 'PERSISTENT'", TRUE),
                t("JMSDeliveryMode = 'NON_PERSISTENT'", FALSE),
                t("JMSPriority > 4", TRUE),
                t("JMSPriority BETWEEN 0 AND 4", FALSE),
                t("JMSMessageID = 'ID:42'", TRUE),
                t("JMSTimestamp > 1600000000000", TRUE),
                t("JMSCorrelationID = 'x'", UNKNOWN),
                t("JMSCorrelationID IS NULL", TRUE),
                t("JMSType IN ('car', 'truck')", TRUE),
                t("JMSXDeliveryCount >= 2", TRUE),
                t("JMS_rocket_region = 'eu'", TRUE),
                // non-selectable header fields are NULL whatever the source holds
                t("JMSDestination IS NULL", TRUE),
                t("JMSDestination = 'queue://orders'", UNKNOWN),
                t("JMSRedelivered = TRUE", UNKNOWN),
                t("JMSRedelivered", UNKNOWN),
                t("JMSExpiration > 0", UNKNOWN),
                t("JMSDeliveryTime IS NOT NULL", FALSE),
                // missing properties and NULL
                t("missing = 1", UNKNOWN),
                t("missing <> 1", UNKNOWN),
                t("missing > 1", UNKNOWN),
                t("missing = 'x'", UNKNOWN),
                t("missing + 1 = 2", UNKNOWN),
                t("-missing = 2", UNKNOWN),
                t("missing = missing", UNKNOWN),
                t("missing", UNKNOWN),
                t("missing IS NULL", TRUE),
                t("missing IS NOT NULL", FALSE),
                t("color IS NULL", FALSE),
                t("color IS NOT NULL", TRUE),
                t("missingProperty = 1 OR yes", TRUE),
                t("missingProperty = 1 AND no", FALSE),
                t("missingProperty = 1 AND yes", UNKNOWN),
                // non-like types compare as FALSE (3.8.1.1), arithmetic on them is UNKNOWN
                t("num = 5", FALSE),
                t("i = '5'", FALSE),
                t("yes = 1", FALSE),
                t("color = TRUE", FALSE),
                t("color <> 5", FALSE),
                t("color > 5", FALSE),
                t("color > color", FALSE),
                t("yes > no", FALSE),
                t("obj = 5", FALSE),
                t("obj IS NULL", FALSE),
                t("color + 1 = 2", UNKNOWN),
                t("-color = 1", UNKNOWN),
                t("yes * 2 = 2", UNKNOWN),
                // booleans
                t("yes", TRUE),
                t("no", FALSE),
                t("(yes)", TRUE),
                t("yes = TRUE", TRUE),
                t("no = FALSE", TRUE),
                t("yes <> no", TRUE),
                t("yes = no", FALSE),
                t("TRUE", TRUE),
                t("FALSE", FALSE),
                t("NOT yes", FALSE),
                t("NOT no", TRUE),
                t("(i = 5) = yes", TRUE),
                t("(i = 5) <> (l = 5)", FALSE),
                t("color", UNKNOWN), // a non-boolean identifier as a condition
                t("NOT color", UNKNOWN),
                t("i AND yes", UNKNOWN),
                t("i OR no", UNKNOWN),
                t("i OR yes", TRUE),
                // logical precedence
                t("FALSE AND FALSE OR TRUE", TRUE),
                t("TRUE OR TRUE AND FALSE", TRUE),
                t("NOT FALSE AND FALSE", FALSE),
                t("NOT i = 5", FALSE),
                t("NOT i BETWEEN 1 AND 3", TRUE),
                // approximate literals
                t("d = 2.5", TRUE),
                t("d = 25E-1", TRUE),
                t("d = 0.25e1", TRUE),
                t("d = .25E1", TRUE),
                t("d = 2.5F", TRUE),
                t("d = 2.5d", TRUE),
                t("l = 5.", TRUE),
                t("l = 5.e0", TRUE),
                t("l = 5F", TRUE),
                t("l = 5D", TRUE),
                t("d < 7E3", TRUE),
                t("-d = -2.5", TRUE),
                t("d > -57.9E2", TRUE),
                t("weight = 2.6E3", TRUE),
                t("weight = 26E+2", TRUE),
                t("1.5e-3 = 0.0015", TRUE),
                t("nan = nan", FALSE),
                t("nan <> nan", TRUE),
                t("nan > 0", FALSE),
                // BETWEEN
                t("i BETWEEN 5 AND 9", TRUE),
                t("i BETWEEN 1 AND 5", TRUE),
                t("i BETWEEN 6 AND 9", FALSE),
                t("i BETWEEN 1 AND 4", FALSE),
                t("i BETWEEN 9 AND 1", FALSE),
                t("i NOT BETWEEN 6 AND 9", TRUE),
                t("i NOT BETWEEN 5 AND 9", FALSE),
                t("i NOT BETWEEN 1 AND 5", FALSE),
                t("d BETWEEN 2.5 AND 2.5", TRUE),
                t("i BETWEEN 4.5 AND 5.5", TRUE),
                t("b BETWEEN 3 AND l", TRUE),
                t("i + 1 BETWEEN 2 * 3 AND 7", TRUE),
                t("i BETWEEN 1 AND 9 AND yes", TRUE),
                t("missing BETWEEN 1 AND 2", UNKNOWN),
                t("missing NOT BETWEEN 1 AND 2", UNKNOWN),
                t("i BETWEEN missing AND 9", UNKNOWN),
                t("i BETWEEN missing AND 4", FALSE),
                t("i NOT BETWEEN missing AND 4", TRUE),
                t("i NOT BETWEEN missing AND 9", UNKNOWN),
                t("color BETWEEN 1 AND 2", FALSE),
                t("color NOT BETWEEN 1 AND 2", FALSE),
                // IN
                t("color IN ('red', 'blue')", TRUE),
                t("color IN ('red')", FALSE),
                t("color IN ('BLUE')", FALSE),
                t("color NOT IN ('red')", TRUE),
                t("color NOT IN ('red', 'blue')", FALSE),
                t("missing IN ('a')", UNKNOWN),
                t("missing NOT IN ('a')", UNKNOWN),
                // IN on a value that is not a string is UNKNOWN, whether negated or not
                t("i IN ('5')", UNKNOWN),
                t("i NOT IN ('5')", UNKNOWN),
                t("i NOT IN ('foo', 'jms', 'test')", UNKNOWN),
                t("d NOT IN ('2.5')", UNKNOWN),
                t("yes NOT IN ('true')", UNKNOWN),
                t("obj NOT IN ('5')", UNKNOWN),
                t("JMSPriority NOT IN ('6')", UNKNOWN),
                t("name IN ('O''Brien')", TRUE),
                t("empty IN ('')", TRUE),
                // LIKE
                t("phone LIKE '12%3'", TRUE),
                t("phone NOT LIKE '12%3'", FALSE),
                t("word LIKE 'l_se'", TRUE),
                t("word LIKE 'l_e'", FALSE),
                t("under LIKE '\\_%' ESCAPE '\\'", TRUE),
                t("color LIKE '\\_%' ESCAPE '\\'", FALSE),
                t("under LIKE '!_f%' ESCAPE '!'", TRUE),
                t("under LIKE '_foo'", TRUE),
                t("under LIKE '__foo'", FALSE),
                t("missing LIKE 'a%'", UNKNOWN),
                t("missing NOT LIKE 'a%'", UNKNOWN),
                // LIKE on a value that is not a string is UNKNOWN, whether negated or not
                t("i LIKE '5'", UNKNOWN),
                t("i NOT LIKE '5'", UNKNOWN),
                t("yes NOT LIKE 'x%'", UNKNOWN),
                t("obj NOT LIKE '%'", UNKNOWN),
                t("regex LIKE 'a.b*c[d]'", TRUE),
                t("regex LIKE 'a_b*c[d]'", TRUE),
                t("regex LIKE 'a.b%'", TRUE),
                t("regex LIKE 'axb%'", FALSE),
                t("regex LIKE '.*'", FALSE),
                t("path LIKE 'C:\\dir'", TRUE),
                t("name LIKE 'O''%'", TRUE),
                t("color LIKE '%'", TRUE),
                t("empty LIKE '%'", TRUE),
                t("empty LIKE '_'", FALSE),
                t("color LIKE 'b%e'", TRUE),
                t("color LIKE '%u%'", TRUE),
                t("color LIKE 'BLUE'", FALSE),
                t("emoji LIKE 'a_b'", TRUE),
                t("unicode LIKE 'na_ve'", TRUE),
                // keywords are case-insensitive
                t("color in ('blue') and weight between 2000 And 3000", TRUE),
                t("missing iS nUlL", TRUE),
                t("color Is Not Null", TRUE),
                t("not no", TRUE),
                t("yes Or no", TRUE),
                t("color Not Like 'r%'", TRUE),
                t("under like '\\_%' escape '\\'", TRUE),
                t("yes and true", TRUE),
                t("FaLsE or yes", TRUE),
                t("i not between 6 and 9", TRUE),
                t("color NOT in ('blue')", FALSE),
                // whitespace
                t("color\t=\n'blue'\r\n", TRUE),
                t("\fcolor='blue'", TRUE),
                t("weight>2500", TRUE),
                t("color<>'red'AND(i=5)", TRUE),
                t("  (  ( color = 'blue' ) )  ", TRUE));
    }

    private static Arguments t(String selector, Outcome expected) {
        return Arguments.of(selector, expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void evaluates(String selector, Outcome expected) throws SelectorParseException {
        assertEquals(expected, TestMessage.outcome(selector, MESSAGE), selector);
    }

    @ParameterizedTest(name = "canonical form of {0}")
    @MethodSource("cases")
    void canonicalFormReparsesToTheSameTreeAndOutcome(String selector, Outcome expected)
            throws SelectorParseException {
        String canonical = Selector.parse(selector).canonical();
        assertEquals(canonical, Selector.parse(canonical).canonical(), selector);
        assertEquals(expected, TestMessage.outcome(canonical, MESSAGE), canonical);
    }
}
