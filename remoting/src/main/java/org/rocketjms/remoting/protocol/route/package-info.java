/**
 * Route data as the name server hands it out and clients and brokers decode it: topic routes
 * ({@link org.rocketjms.remoting.protocol.route.TopicRouteData} made of
 * {@link org.rocketjms.remoting.protocol.route.QueueData} and
 * {@link org.rocketjms.remoting.protocol.route.BrokerData}), cluster information and topic lists, with
 * their compact binary body codecs ({@link org.rocketjms.remoting.protocol.route.BodyWriter},
 * {@link org.rocketjms.remoting.protocol.route.BodyReader}). All data classes are immutable values;
 * decoders reject malformed input with a
 * {@link org.rocketjms.remoting.exception.RemotingCommandException}.
 */
package org.rocketjms.remoting.protocol.route;
