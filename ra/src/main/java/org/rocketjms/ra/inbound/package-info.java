/**
 * Message-driven delivery: {@link org.rocketjms.ra.inbound.RocketActivationSpec} (what an MDB listens to and how)
 * and {@link org.rocketjms.ra.inbound.JmsActivation} (the connection, sessions and delivery threads of one MDB).
 */
package org.rocketjms.ra.inbound;
