package org.rocketjms.jms.message;

import java.util.Map;

/**
 * A message in the engine's terms: an opaque body and a {@code String -> String} property map (user and JMSX
 * properties under their own names, headers and message kind under {@code #}-prefixed keys, see {@link WireKeys}).
 *
 * @param body       the body bytes, never null (empty for a message without body)
 * @param properties the engine properties, never null
 */
public record WireMessage(byte[] body, Map<String, String> properties) {
}
