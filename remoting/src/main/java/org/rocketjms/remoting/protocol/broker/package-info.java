/**
 * Protocol types of the broker: request codes 300-399 ({@link org.rocketjms.remoting.protocol.broker.BrokerRequestCode}),
 * response codes 20-69 ({@link org.rocketjms.remoting.protocol.broker.BrokerResponseCode}), typed headers and the
 * compact binary body codecs (messages, receipt handles, heartbeats). Body codecs validate every length and throw
 * {@link org.rocketjms.remoting.exception.RemotingCommandException} on malformed input.
 */
package org.rocketjms.remoting.protocol.broker;
