/**
 * The RocketJMS resource adapter (Jakarta Connectors 2.1): {@link org.rocketjms.ra.RocketResourceAdapter} and the
 * shared configuration; outbound connections live in {@code outbound}, message-driven delivery in {@code inbound},
 * the queue and topic admin objects in {@code admin}. Logs through {@link java.lang.System.Logger} because
 * application servers carry no SLF4J binding for a deployed RAR.
 */
package org.rocketjms.ra;
