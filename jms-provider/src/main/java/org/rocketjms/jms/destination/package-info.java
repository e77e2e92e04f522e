/**
 * Minimal JMS destination objects ({@link jakarta.jms.Queue}, {@link jakarta.jms.Topic} and their temporary
 * variants) that name a broker topic. Each has a URI-like string form ({@code queue://name}, {@code topic://name},
 * {@code temp-queue://name}, {@code temp-topic://name}) used when a destination travels inside a message.
 */
package org.rocketjms.jms.destination;
