package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of UPDATE_AND_CREATE_SUBSCRIPTION_GROUP.
 *
 * @param consumerGroup the group
 * @param retryMaxTimes redeliveries allowed before a message goes to {@code %DLQ%<group>} (0 or less = never)
 * @param consumeEnable whether the group may consume
 */
public record SubscriptionGroupHeader(String consumerGroup, int retryMaxTimes, boolean consumeEnable)
        implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        ext.put("retryMaxTimes", Integer.toString(retryMaxTimes));
        ext.put("consumeEnable", Boolean.toString(consumeEnable));
    }

    /** Decodes the header. */
    public static SubscriptionGroupHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new SubscriptionGroupHeader(HeaderFields.requireString(ext, "consumerGroup"),
                HeaderFields.optionalInt(ext, "retryMaxTimes", 16), HeaderFields.optionalBoolean(ext, "consumeEnable", true));
    }
}
