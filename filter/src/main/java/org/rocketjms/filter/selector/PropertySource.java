package org.rocketjms.filter.selector;

/**
 * The view of one message that a {@link Selector} evaluates against.
 *
 * <p>A selector calls {@link #getValue(String)} for every identifier it reads, at most once per
 * identifier occurrence per evaluation, from the thread that called {@link Selector#matches}. The
 * implementation answers with the header field or property of that name, or {@code null} when the
 * message has no such value. The selector never converts values (a {@code String} property holding
 * {@code "5"} is not the number 5), as Jakarta Messaging requires.
 *
 * <p>Values the selector understands:
 * <ul>
 *   <li>{@link Byte}, {@link Short}, {@link Integer}, {@link Long}: exact numerics;</li>
 *   <li>{@link Float}, {@link Double}: approximate numerics;</li>
 *   <li>{@link String} and {@link Boolean}.</li>
 * </ul>
 * Any other object is treated as a value of its own type: it is not NULL ({@code IS NULL} is false),
 * it compares as a non-like type (false), and arithmetic, {@code IN} and {@code LIKE} on it are
 * unknown.
 *
 * <p>Header fields: a selector asks for {@code JMSDeliveryMode} (answer the strings
 * {@code "PERSISTENT"} or {@code "NON_PERSISTENT"}), {@code JMSPriority} (a number),
 * {@code JMSMessageID}, {@code JMSTimestamp} (a number), {@code JMSCorrelationID} and {@code JMSType}
 * by those exact names. Other names that start with {@code JMS} but neither with {@code JMSX} nor with
 * {@code JMS_} (for example {@code JMSDestination}, {@code JMSReplyTo}, {@code JMSExpiration},
 * {@code JMSRedelivered}, {@code JMSDeliveryTime}) are not selectable: the parser resolves them to NULL
 * and never asks the source for them. Every other identifier, {@code JMSX*} and {@code JMS_*}
 * included, is a property lookup whose meaning the source decides.
 */
@FunctionalInterface
public interface PropertySource {

    /**
     * Returns the value of a header field or property.
     *
     * @param identifier the case-sensitive identifier exactly as written in the selector
     * @return the value, or {@code null} when the message has none
     */
    Object getValue(String identifier);
}
