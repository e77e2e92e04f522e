package org.rocketjms.filter.selector;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A compiled Jakarta Messaging message selector (Jakarta Messaging 3.1, section 3.8.1.1).
 *
 * <p>{@link #parse(String)} checks the selector completely (syntax and whatever type errors the text
 * alone reveals) and compiles it once into an expression tree; {@link #matches(PropertySource)} then
 * evaluates that tree against one message with SQL three-valued logic and returns {@code true} only
 * when the selector is TRUE (FALSE and UNKNOWN do not match). A missing property or header is NULL;
 * comparisons and arithmetic with NULL are UNKNOWN; non-like types compare as FALSE; IN and LIKE on a
 * value that is not a string are UNKNOWN; exact division by zero is UNKNOWN. See {@link PropertySource} for the values a message may supply and for how
 * {@code JMS*} names are resolved.
 *
 * <p>Instances are immutable and thread-safe: any number of threads may call {@link #matches}
 * concurrently. Two selectors are equal when their expression texts are equal.
 */
public final class Selector {

    private static final Selector MATCH_ALL = new Selector("", null, Set.of());

    private static final String JMS_TYPE = "JMSType";

    private final String expression;
    /** The compiled tree; {@code null} only for {@link #MATCH_ALL}. */
    private final Expression root;
    private final boolean matchAll;
    private final Set<String> identifiers;
    private final String simpleType;

    Selector(String expression, Expression root, Set<String> identifiers) {
        this.expression = expression;
        this.root = root;
        this.matchAll = root == null || root == Constant.TRUE;
        this.identifiers = Collections.unmodifiableSet(new LinkedHashSet<>(identifiers));
        this.simpleType = simpleTypeOf(root);
    }

    /**
     * Parses and compiles a selector.
     *
     * @param expression the selector text; {@code null}, empty or only whitespace (space, tab, form
     *        feed, CR, LF) means "no selector" and yields {@link #matchAll()}
     * @return the compiled selector
     * @throws SelectorParseException when the text is not a valid selector; the exception carries the
     *         0-based position of the problem
     */
    public static Selector parse(String expression) throws SelectorParseException {
        if (expression == null || SelectorLexer.isBlank(expression)) {
            return MATCH_ALL;
        }
        return new SelectorParser(expression).parse();
    }

    /** @return the shared selector that matches every message; its {@link #expression()} is empty */
    public static Selector matchAll() {
        return MATCH_ALL;
    }

    /**
     * Evaluates the selector against one message.
     *
     * @param source the message's header fields and properties; not used (and may be {@code null})
     *        when {@link #isMatchAll()} is true
     * @return {@code true} only when the selector evaluates to TRUE
     */
    public boolean matches(PropertySource source) {
        if (matchAll) {
            return true;
        }
        Objects.requireNonNull(source, "source");
        return Boolean.TRUE.equals(root.evaluate(source));
    }

    /** @return the selector text as given to {@link #parse(String)}; empty for {@link #matchAll()} */
    public String expression() {
        return expression;
    }

    /**
     * Tells whether this selector accepts every message without looking at it: true for a null,
     * empty or blank selector and for the selector {@code TRUE}.
     *
     * @return whether {@link #matches} is always true
     */
    public boolean isMatchAll() {
        return matchAll;
    }

    /**
     * Recognises the tag fast path. When the whole selector is exactly {@code JMSType = '<literal>'}
     * (either operand order, redundant parentheses allowed), it matches precisely the messages whose
     * {@code JMSType} equals that literal, so the broker may filter by tag instead of evaluating.
     *
     * @return the literal, or empty when the selector has any other shape
     */
    public Optional<String> simpleTypeEquality() {
        return Optional.ofNullable(simpleType);
    }

    /**
     * @return the identifiers this selector asks a {@link PropertySource} for, in order of first
     *         appearance (non-selectable {@code JMS*} header names, which are resolved to NULL, are
     *         not included); unmodifiable
     */
    public Set<String> identifiers() {
        return identifiers;
    }

    /** @return the compiled tree printed fully parenthesised (for tests and diagnostics) */
    String canonical() {
        return root == null ? "" : root.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Selector && ((Selector) other).expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return "Selector[" + expression + "]";
    }

    private static String simpleTypeOf(Expression root) {
        if (!(root instanceof ComparisonExpression comparison)
                || comparison.operator() != ComparisonOperator.EQ) {
            return null;
        }
        String literal = typeLiteral(comparison.left(), comparison.right());
        return literal != null ? literal : typeLiteral(comparison.right(), comparison.left());
    }

    private static String typeLiteral(Expression reference, Expression literal) {
        if (reference instanceof PropertyReference property && JMS_TYPE.equals(property.name())
                && literal instanceof Constant constant && constant.value() instanceof String text) {
            return text;
        }
        return null;
    }
}
