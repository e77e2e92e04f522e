/**
 * Small, self-contained programs showing how to use RocketJMS through the Jakarta Messaging API. Each has a
 * {@code main} taking the connection URL as its first argument (default {@code rocketjms://127.0.0.1:9876}, the
 * name server of {@code bin/rocketjms standalone}) and a static method returning what it observed.
 */
package org.rocketjms.examples;
