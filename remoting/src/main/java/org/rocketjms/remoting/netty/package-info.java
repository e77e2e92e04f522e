/**
 * The Netty implementation of the remoting API: {@link org.rocketjms.remoting.netty.NettyRemotingServer},
 * {@link org.rocketjms.remoting.netty.NettyRemotingClient}, their configuration and the frame codec
 * handlers. Uses the NIO transport.
 */
package org.rocketjms.remoting.netty;
