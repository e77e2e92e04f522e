package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of DELETE_SUBSCRIPTION_GROUP.
 *
 * @param consumerGroup the group whose state is removed
 * @param topic         only its state on this topic, or null for everything the group has
 */
public record DeleteSubscriptionGroupRequestHeader(String consumerGroup, String topic) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("consumerGroup", consumerGroup);
        if (topic != null) {
            ext.put("topic", topic);
        }
    }

    /** Decodes the header. */
    public static DeleteSubscriptionGroupRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new DeleteSubscriptionGroupRequestHeader(HeaderFields.requireString(ext, "consumerGroup"),
                ext.get("topic"));
    }
}
