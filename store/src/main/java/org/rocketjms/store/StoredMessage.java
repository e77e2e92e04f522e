package org.rocketjms.store;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;

/** A message as read back from the commit log, with every field the store assigned. Immutable. */
public record StoredMessage(
        String topic,
        int queueId,
        int flags,
        long queueOffset,
        long physicalOffset,
        int storeSize,
        long bornTimestamp,
        long storeTimestamp,
        InetSocketAddress bornHost,
        InetSocketAddress storeHost,
        int deliveryCount,
        long preparedTransactionOffset,
        long tagsCode,
        byte[] body,
        Map<String, String> properties) {

    public StoredMessage {
        properties = properties == null ? Collections.emptyMap()
                : properties instanceof RawProperties ? properties // immutable already, and kept undecoded
                : Collections.unmodifiableMap(properties);
    }

    public String property(String name) {
        return properties.get(name);
    }
}
