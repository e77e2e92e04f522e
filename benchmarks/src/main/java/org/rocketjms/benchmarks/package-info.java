/**
 * JMH microbenchmarks of RocketJMS hot paths: the remoting frame codec, commit-log append and selector evaluation.
 * Run with {@code java -jar benchmarks/target/benchmarks.jar}; never part of the test phase.
 */
package org.rocketjms.benchmarks;
