package org.rocketjms.filter.selector;

/**
 * A node of a compiled selector.
 *
 * <p>Nodes are immutable and safe to share between threads. {@link #evaluate} returns one of:
 * {@code null} (NULL / UNKNOWN), {@link Boolean#TRUE} or {@link Boolean#FALSE} for conditions, a
 * {@link Long} or {@link Double} for arithmetic, a {@link String}, or, for a bare identifier, whatever
 * the {@link PropertySource} supplied. {@code toString()} prints the node fully parenthesised in
 * selector syntax, so that it can be parsed again to the same tree.
 */
interface Expression {

    /**
     * Evaluates this node against one message.
     *
     * @param source the message's header fields and properties
     * @return the value, {@code null} meaning NULL or UNKNOWN
     */
    Object evaluate(PropertySource source);
}
