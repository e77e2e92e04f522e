/**
 * The RocketJMS client core: everything below the JMS facade. A {@link org.rocketjms.jms.client.ClientInstance}
 * (one per JMS connection) owns the network client, the route cache and heartbeats, and creates
 * {@link org.rocketjms.jms.client.ProducerCore}s, {@link org.rocketjms.jms.client.PopConsumerCore}s (per-message
 * acknowledgement, used for queues and topic subscriptions) and {@link org.rocketjms.jms.client.PullConsumerCore}s
 * (offset-based reading for browsing and replay). No jakarta.jms types appear here.
 */
package org.rocketjms.jms.client;
