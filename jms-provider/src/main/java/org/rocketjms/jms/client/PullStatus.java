package org.rocketjms.jms.client;

/** Outcome of one {@link PullConsumerCore#pull}. */
public enum PullStatus {
    /** Messages were found. */
    FOUND,
    /** Nothing new (the long poll ran out); pull again at nextBeginOffset. */
    NO_NEW_MSG,
    /** The offset was outside the queue; continue at nextBeginOffset. */
    OFFSET_ILLEGAL
}
