package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * A topic's configuration: request header of UPDATE_AND_CREATE_TOPIC, response header of GET_TOPIC_CONFIG.
 *
 * @param topic          the topic
 * @param readQueueNums  queues consumers read
 * @param writeQueueNums queues producers write
 * @param perm           permission bits (4 = readable, 2 = writable; 6 = both), as in the route types
 */
public record TopicConfigHeader(String topic, int readQueueNums, int writeQueueNums, int perm) implements CommandHeader {
    @Override
    public void encode(Map<String, String> ext) {
        ext.put("topic", topic);
        ext.put("readQueueNums", Integer.toString(readQueueNums));
        ext.put("writeQueueNums", Integer.toString(writeQueueNums));
        ext.put("perm", Integer.toString(perm));
    }

    /** Decodes the header. */
    public static TopicConfigHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new TopicConfigHeader(HeaderFields.requireString(ext, "topic"),
                HeaderFields.requireInt(ext, "readQueueNums"), HeaderFields.requireInt(ext, "writeQueueNums"),
                HeaderFields.optionalInt(ext, "perm", 6));
    }
}
