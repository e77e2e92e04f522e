package org.rocketjms.jms.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.jms.InvalidDestinationException;
import org.rocketjms.jms.destination.RocketDestination;

/**
 * The one place that maps JMS names onto broker names.
 *
 * <p>Destinations: JMS queue {@code X} is broker topic {@code %Q%X}, JMS topic {@code X} is {@code %T%X}, a temporary
 * queue {@code U} is {@code %TQ%U} and a temporary topic {@code %TT%U}. A broker topic name has 1-127 characters of
 * {@code A-Z a-z 0-9 _ . % | $ # -}; a JMS name that would break that rule is refused with an
 * {@link InvalidDestinationException} naming the rule.
 *
 * <p>Dead letters: the queue {@code DLQ.X} is the dead-letter topic of queue {@code X}'s group,
 * {@code %DLQ%%QG%Q%X} (so queue names starting with {@code DLQ.} are reserved for that).
 *
 * <p>Subscriptions (consumer groups): a queue has one group {@code %QG<topic>} shared by all its consumers; a
 * non-durable topic subscriber gets its own {@code %NG%<uuid>}; a durable subscription is {@code %D%<clientID>%<name>};
 * a shared one {@code %S%<clientID or empty>%<name>}, a shared durable one {@code %SD%<clientID or empty>%<name>}.
 * Subscription names and client IDs may hold any character, so they are escaped into the broker charset (a
 * character outside {@code A-Z a-z 0-9 _ . -} becomes {@code #} plus four hex digits) and overlong group names are
 * shortened with a digest, keeping room for the dead-letter prefix.
 */
public final class DestinationNames {
    /** Longest broker topic name. */
    public static final int MAX_TOPIC_LENGTH = 127;
    /** Prefix of JMS queues. */
    public static final String QUEUE_PREFIX = "%Q%";
    /** Prefix of JMS topics. */
    public static final String TOPIC_PREFIX = "%T%";
    /** Prefix of temporary queues. */
    public static final String TEMP_QUEUE_PREFIX = "%TQ%";
    /** Prefix of temporary topics. */
    public static final String TEMP_TOPIC_PREFIX = "%TT%";
    /**
     * JMS queues named {@code DLQ.<queue>} are the dead-letter queue of {@code <queue>}: messages of that queue
     * delivered {@code maxDeliveryAttempts} times without an acknowledgement (broker topic {@code %DLQ%<group>}).
     */
    public static final String DLQ_QUEUE_PREFIX = "DLQ.";
    /** The broker's prefix of a group's dead-letter topic. */
    public static final String DLQ_TOPIC_PREFIX = "%DLQ%";
    private static final String RULE = "1-127 characters of A-Z a-z 0-9 _ . % | $ # - (including the prefix "
            + "RocketJMS adds)";
    private static final int MAX_GROUP_LENGTH = MAX_TOPIC_LENGTH - 5; // room for %DLQ%

    private DestinationNames() {
    }

    /** The broker topic of a JMS destination; throws InvalidDestinationException when its name breaks the rule. */
    public static String brokerTopic(RocketDestination d) throws InvalidDestinationException {
        String prefix;
        if (d.isTemporary()) {
            prefix = d.isQueue() ? TEMP_QUEUE_PREFIX : TEMP_TOPIC_PREFIX;
        } else {
            if (d.isQueue() && d.getName() != null && d.getName().startsWith(DLQ_QUEUE_PREFIX)
                    && d.getName().length() > DLQ_QUEUE_PREFIX.length()) {
                return deadLetterTopic(d.getName().substring(DLQ_QUEUE_PREFIX.length()));
            }
            prefix = d.isQueue() ? QUEUE_PREFIX : TOPIC_PREFIX;
        }
        return checked(prefix, d.getName(), d.isQueue() ? "queue" : "topic");
    }

    /**
     * The broker topic holding the dead letters of JMS queue {@code queueName}: {@code %DLQ%} plus the queue's group,
     * i.e. {@code %DLQ%%QG%Q%<queueName>}. JMS names it as the queue {@code DLQ.<queueName>}.
     */
    public static String deadLetterTopic(String queueName) throws InvalidDestinationException {
        return DLQ_TOPIC_PREFIX + queueGroup(checked(QUEUE_PREFIX, queueName, "queue"));
    }

    /** Validates a JMS queue or topic name given to {@code createQueue}/{@code createTopic}. */
    public static void validate(String name, boolean queue) throws InvalidDestinationException {
        checked(queue ? QUEUE_PREFIX : TOPIC_PREFIX, name, queue ? "queue" : "topic");
    }

    private static String checked(String prefix, String name, String kind) throws InvalidDestinationException {
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("a " + kind + " name must not be null or empty");
        }
        String t = prefix + name;
        if (t.length() > MAX_TOPIC_LENGTH) {
            throw new InvalidDestinationException(kind + " name '" + name + "' is too long: broker names have " + RULE);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!allowed(c)) {
                throw new InvalidDestinationException(kind + " name '" + name + "' contains '" + c
                        + "': broker names have " + RULE);
            }
        }
        return t;
    }

    private static boolean allowed(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '%' || c == '|' || c == '$' || c == '#' || c == '-';
    }

    /** A fresh unique name for a temporary destination. */
    public static String newTemporaryName() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The one group of a queue (by its broker topic). */
    public static String queueGroup(String brokerTopic) {
        return shorten("%QG" + brokerTopic);
    }

    /** A fresh group for one non-durable topic subscriber. */
    public static String nonDurableGroup() {
        return "%NG%" + newTemporaryName();
    }

    private static final String SHARED_PREFIX = "%S%";
    private static final String SHARED_DURABLE_PREFIX = "%SD%";

    /** The group of a durable subscription (unshared: client ID required; shared: client ID may be null). */
    public static String durableGroup(String clientId, String name, boolean shared) {
        return shorten((shared ? SHARED_DURABLE_PREFIX : "%D%") + escape(clientId == null ? "" : clientId) + '%'
                + escape(name));
    }

    /** Whether the group is that of a shared subscription, durable or not (its consumers compete). */
    public static boolean isSharedGroup(String group) {
        return group.startsWith(SHARED_PREFIX) || group.startsWith(SHARED_DURABLE_PREFIX);
    }

    /** The group of a shared non-durable subscription. */
    public static String sharedGroup(String clientId, String name) {
        return shorten(SHARED_PREFIX + escape(clientId == null ? "" : clientId) + '%' + escape(name));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-') {
                b.append(c);
            } else {
                b.append('#').append(String.format("%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static String shorten(String group) {
        if (group.length() <= MAX_GROUP_LENGTH) {
            return group;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8));
            String h = HexFormat.of().formatHex(d, 0, 16);
            return group.substring(0, MAX_GROUP_LENGTH - h.length() - 1) + '|' + h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Pseudo topic under which a durable subscription's {@link #subscriptionFingerprint} is stored as the group's
     * offset (queue 0), so the broker remembers which subscriptions exist and what they select.
     */
    public static final String SUBSCRIPTION_META_TOPIC = "%RJMS_SUB%";

    /** A non-negative digest of what a durable subscription consumes: topic, selector and noLocal. */
    public static long subscriptionFingerprint(String brokerTopic, String selector, boolean noLocal) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((brokerTopic + '\u0000'
                    + (selector == null ? "" : selector) + '\u0000' + noLocal).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
