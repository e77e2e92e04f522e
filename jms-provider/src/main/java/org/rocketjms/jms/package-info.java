/**
 * The RocketJMS entry point for applications: {@link org.rocketjms.jms.RocketConnectionFactory}. Everything else
 * is reached through the {@code jakarta.jms} interfaces it returns.
 */
package org.rocketjms.jms;
