package org.rocketjms.filter.selector;

/**
 * Thrown when a selector string is not a valid Jakarta Messaging message selector: a lexical error
 * (unterminated string, malformed number, stray character), a syntax error (dangling operator,
 * unbalanced parentheses, reserved word used as an identifier) or a type error that can be detected
 * from the text alone (for example {@code 'a' > 3}).
 *
 * <p>The JMS layer maps it to {@code InvalidSelectorException}. {@link #getPosition()} is the 0-based
 * character offset in the selector where the problem was found; it equals the selector's length when
 * the problem is an unexpected end of input. The message has the form
 * {@code Invalid selector "<selector>" at position <n>: <reason>}.
 */
public class SelectorParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Selectors longer than this are shortened in the exception message (not in {@link #getExpression()}). */
    private static final int MAX_QUOTED_LENGTH = 200;

    /** The whole selector text. */
    private final String expression;
    /** The 0-based offset of the problem. */
    private final int position;
    /** What was wrong. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param expression the whole selector text
     * @param position the 0-based offset of the problem in {@code expression}
     * @param reason what was wrong, without the selector or the position
     */
    public SelectorParseException(String expression, int position, String reason) {
        super(format(expression, position, reason));
        this.expression = expression;
        this.position = position;
        this.reason = reason;
    }

    /** @return the selector text that failed to parse */
    public String getExpression() {
        return expression;
    }

    /** @return the 0-based character offset of the problem in {@link #getExpression()} */
    public int getPosition() {
        return position;
    }

    /** @return what was wrong, without the selector text and position */
    public String getReason() {
        return reason;
    }

    private static String format(String expression, int position, String reason) {
        String quoted = expression.length() <= MAX_QUOTED_LENGTH
                ? expression
                : expression.substring(0, MAX_QUOTED_LENGTH) + "...";
        return "Invalid selector \"" + quoted + "\" at position " + position + ": " + reason;
    }
}
