package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of QUERY_MESSAGE (messages by key or unique id).
 *
 * @param topic          the topic
 * @param key            a KEYS entry or UNIQ_KEY
 * @param maxNum         at most this many results
 * @param beginTimestamp earliest store time
 * @param endTimestamp   latest store time
 */
public record QueryMessageRequestHeader(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp)
        implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("topic", topic);
        ext.put("key", key);
        ext.put("maxNum", Integer.toString(maxNum));
        ext.put("beginTimestamp", Long.toString(beginTimestamp));
        ext.put("endTimestamp", Long.toString(endTimestamp));
    }

    /** Decodes the header. */
    public static QueryMessageRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new QueryMessageRequestHeader(HeaderFields.requireString(ext, "topic"),
                HeaderFields.requireString(ext, "key"), HeaderFields.optionalInt(ext, "maxNum", 32),
                HeaderFields.optionalLong(ext, "beginTimestamp", 0),
                HeaderFields.optionalLong(ext, "endTimestamp", Long.MAX_VALUE));
    }
}
