package org.rocketjms.store;

/** Told by the dispatcher each time a consume queue grew; long polling wakes its held requests from here. */
@FunctionalInterface
public interface MessageArrivingListener {
    /**
     * @param topic     the queue's topic
     * @param queueId   the queue
     * @param maxOffset the queue's new maximum (next logical offset)
     * @param tagsCode  tag code of the message that arrived
     */
    void arriving(String topic, int queueId, long maxOffset, long tagsCode);
}
