/**
 * The JMS facade's implementation: connections, sessions, producers, consumers, browsers and the simplified API,
 * as a thin layer over the client core ({@code org.rocketjms.jms.client}). JMS rules (states, exceptions,
 * acknowledge modes, transactions) live here; transport lives in the core. {@link org.rocketjms.jms.impl.DestinationNames}
 * is the one place that maps JMS names onto broker topics and consumer groups.
 */
package org.rocketjms.jms.impl;
