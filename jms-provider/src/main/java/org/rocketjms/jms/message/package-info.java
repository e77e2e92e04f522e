/**
 * The JMS message classes of RocketJMS: {@link org.rocketjms.jms.message.RocketMessage} and its five body kinds,
 * the typed conversions and read/write modes Jakarta Messaging 3.1 specifies for them, conversion of other
 * providers' messages ({@link org.rocketjms.jms.message.RocketMessages#fromForeign}), the wire form exchanged with
 * the engine ({@link org.rocketjms.jms.message.MessageCodec}) and the {@code ObjectMessage} deserialization policy
 * ({@link org.rocketjms.jms.message.TrustedPackages}).
 *
 * <p>Messages are not thread-safe: like the session that creates them, one thread uses a message at a time.
 */
package org.rocketjms.jms.message;
