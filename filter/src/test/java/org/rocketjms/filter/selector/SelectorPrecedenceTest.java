package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Operator precedence and associativity, checked on the compiled tree printed fully parenthesised:
 * unary +/-, then * /, then + -, then comparisons, then NOT, AND, OR; binary operators associate to
 * the left.
 */
class SelectorPrecedenceTest {

    @ParameterizedTest(name = "{0}  =>  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a OR b AND c                        | (a OR (b AND c))",
        "a AND b OR c                        | ((a AND b) OR c)",
        "a AND b AND c OR d AND e            | ((a AND b AND c) OR (d AND e))",
        "a OR b OR c                         | (a OR b OR c)",
        "(a OR b) AND c                      | ((a OR b) AND c)",
        "NOT a AND b                         | ((NOT a) AND b)",
        "NOT a OR b                          | ((NOT a) OR b)",
        "NOT (a OR b)                        | (NOT (a OR b))",
        "NOT NOT a                           | (NOT (NOT a))",
        "NOT a = 1                           | (NOT (a = 1))",
        "NOT a BETWEEN 1 AND 2               | (NOT (a BETWEEN 1 AND 2))",
        "a = 1 + 2 * 3                       | (a = (1 + (2 * 3)))",
        "a = (1 + 2) * 3                     | (a = ((1 + 2) * 3))",
        "a - b - c = 0                       | (((a - b) - c) = 0)",
        "a / b * c = 0                       | (((a / b) * c) = 0)",
        "a * b + c * d > e                   | (((a * b) + (c * d)) > e)",
        "-a * b = 0                          | (((-a) * b) = 0)",
        "- 5 = a                             | (-5 = a)",
        "-(5) = a                            | (-5 = a)",
        "--5 = a                             | (5 = a)",
        "+a = 1                              | ((+a) = 1)",
        "a - -b = 1                          | ((a - (-b)) = 1)",
        "a + b > c AND d                     | (((a + b) > c) AND d)",
        "a BETWEEN 1 + 1 AND 2 * 3 OR b      | ((a BETWEEN (1 + 1) AND (2 * 3)) OR b)",
        "a NOT BETWEEN 1 AND 2 AND b         | ((a NOT BETWEEN 1 AND 2) AND b)",
        "a IN ('x', 'y''z') OR b             | ((a IN ('x', 'y''z')) OR b)",
        "a NOT IN ('x')                      | (a NOT IN ('x'))",
        "a NOT LIKE '%\\_' ESCAPE '\\'       | (a NOT LIKE '%\\_' ESCAPE '\\')",
        "a LIKE 'x%' AND b                   | ((a LIKE 'x%') AND b)",
        "a IS NOT NULL OR b IS NULL          | ((a IS NOT NULL) OR (b IS NULL))",
        "(((a)))                             | a",
        "a = 1.5                             | (a = 1.5)",
        "a = 7E3                             | (a = 7000.0)",
        "a = -9223372036854775808            | (a = -9223372036854775808)",
        "a = TRUE AND b <> FALSE             | ((a = TRUE) AND (b <> FALSE))",
        "a = 035 AND b = 0x1d AND c = 29L    | ((a = 29) AND (b = 29) AND (c = 29))",
        "a = -9223372036854775808L           | (a = -9223372036854775808)",
        "a = 0xFFFFFFFFFFFFFFFF              | (a = -1)",
        "JMSDestination IS NULL              | (JMSDestination IS NULL)",
        "(a = 1) = (b = 2)                   | ((a = 1) = (b = 2))",
        "a and b or not c                    | ((a AND b) OR (NOT c))"
    })
    void printsWithParentheses(String selector, String expected) throws SelectorParseException {
        assertEquals(expected, Selector.parse(selector).canonical());
    }
}
