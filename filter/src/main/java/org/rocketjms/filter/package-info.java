/**
 * Broker-side and client-side message filtering for RocketJMS.
 *
 * <p>{@link org.rocketjms.filter.selector} holds the Jakarta Messaging message selector language (the
 * SQL92 conditional-expression subset of Jakarta Messaging 3.1, section 3.8.1.1): a hand-written lexer
 * and recursive-descent parser that compile a selector once into an immutable expression tree, and the
 * three-valued evaluator that runs it against a message's header fields and properties.
 * {@link org.rocketjms.filter.tag} holds the tag filter ({@code a || b || c}) and the 64-bit tag hash
 * that consume-queue entries carry, so the broker can reject most messages before reading them.
 *
 * <p>The module depends on the JDK and SLF4J only; the JMS layer translates
 * {@link org.rocketjms.filter.selector.SelectorParseException} into {@code InvalidSelectorException}.
 */
package org.rocketjms.filter;
