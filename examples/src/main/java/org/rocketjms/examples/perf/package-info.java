/**
 * {@code rocketjms perf}: a throughput and latency tool for any Jakarta Messaging provider (RocketJMS by URL,
 * others through JNDI), with HdrHistogram percentiles of send-call and end-to-end latency.
 */
package org.rocketjms.examples.perf;
