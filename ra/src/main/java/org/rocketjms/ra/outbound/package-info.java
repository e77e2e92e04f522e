/**
 * Outbound connections: {@link org.rocketjms.ra.outbound.RocketManagedConnectionFactory} (the pooled physical
 * connections), {@link org.rocketjms.ra.outbound.RocketManagedConnection} (one physical connection with local and XA
 * transactions) and the handles applications get, which follow the Jakarta Messaging rules for the EE containers.
 */
package org.rocketjms.ra.outbound;
