package org.rocketjms.broker.timer;

import java.nio.ByteBuffer;
import java.util.Map;

import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.store.MessageFilter;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.commitlog.RecordCodec;

/**
 * Where a message bound for a consumer-visible topic is stored, from its JMS header properties: in the timer topic
 * {@link #TIMER_TOPIC} while its {@code #JMSDeliveryTime} lies in the future, else in the topic itself (priority
 * 0-4) or in the topic's high band {@code %HI%<topic>} (priority 5-9, same queue id, so per-producer order holds
 * within a band). Also answers whether a message expired ({@code #JMSExpiration} > 0 and ≤ now). Stateless.
 */
public final class DeliveryRouter {
    /** System topic holding messages whose delivery time has not come (one queue). */
    public static final String TIMER_TOPIC = "RJMS_SYS_TIMER";
    /** Prefix of a topic's high-priority band. */
    public static final String HIGH_BAND_PREFIX = "%HI%";
    /** Property of a timer or half message: the topic it is really for. */
    public static final String REAL_TOPIC = "RJMS_REAL_TOPIC";
    /** Property of a timer or half message: the queue it is really for. */
    public static final String REAL_QUEUE_ID = "RJMS_REAL_QID";
    /** JMSDeliveryTime, typed long epoch ms (absent = now). */
    public static final String DELIVERY_TIME = "#JMSDeliveryTime";
    /** JMSExpiration, typed long epoch ms (absent or 0 = never). */
    public static final String EXPIRATION = "#JMSExpiration";
    /** Lowest priority of the high band. */
    public static final int HIGH_BAND_MIN_PRIORITY = 5;

    private DeliveryRouter() {
    }

    /** The high band of {@code topic}. */
    public static String highBand(String topic) {
        return HIGH_BAND_PREFIX + topic;
    }

    /** Whether {@code topic} is some topic's high band. */
    public static boolean isHighBand(String topic) {
        return topic.startsWith(HIGH_BAND_PREFIX);
    }

    /** The consumer-visible topic of a band topic (the topic itself for the low band). */
    public static String baseTopic(String topic) {
        return isHighBand(topic) ? topic.substring(HIGH_BAND_PREFIX.length()) : topic;
    }

    /** Parses a typed numeric property ({@code J123}, {@code I7}, or a plain number); {@code dflt} if absent/bad. */
    public static long typedLong(String v, long dflt) {
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        int start = Character.isDigit(v.charAt(0)) || v.charAt(0) == '-' ? 0 : 1;
        if (start >= v.length()) {
            return dflt;
        }
        long r = 0;
        boolean neg = false;
        int i = start;
        if (v.charAt(i) == '-') {
            neg = true;
            i++;
        }
        if (i >= v.length() || v.length() - i > 19) {
            return dflt;
        }
        for (; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return dflt;
            }
            r = r * 10 + (c - '0');
        }
        return neg ? -r : r;
    }

    /** The delivery time of a message (0 = now). */
    public static long deliveryTime(Map<String, String> props) {
        return typedLong(props.get(DELIVERY_TIME), 0);
    }

    /** Whether the message expired at {@code now}. */
    public static boolean isExpired(Map<String, String> props, long now) {
        long exp = typedLong(props.get(EXPIRATION), 0);
        return exp > 0 && exp <= now;
    }

    /** Whether the message belongs to the high band. */
    public static boolean isHighPriority(Map<String, String> props) {
        return typedLong(props.get(HeaderKeys.PRIORITY), 4) >= HIGH_BAND_MIN_PRIORITY;
    }

    /**
     * Rewrites a message bound for its real topic/queue to where it is stored: the timer topic if its delivery time
     * is more than 1 ms away, else its priority band.
     *
     * @return the same message
     */
    public static StoreMessage route(StoreMessage m, long now) {
        if (deliveryTime(m.getProperties()) > now + 1) {
            m.putProperty(REAL_TOPIC, m.getTopic());
            m.putProperty(REAL_QUEUE_ID, Integer.toString(m.getQueueId()));
            m.setTopic(TIMER_TOPIC).setQueueId(0);
            return m;
        }
        return band(m);
    }

    /** Moves a due message of priority 5-9 to its topic's high band. */
    public static StoreMessage band(StoreMessage m) {
        if (isHighPriority(m.getProperties()) && !isHighBand(m.getTopic())) {
            m.setTopic(highBand(m.getTopic()));
        }
        return m;
    }

    /** A store filter dropping expired messages, then applying {@code delegate} (null = accept). */
    public static MessageFilter notExpired(MessageFilter delegate, java.util.function.Predicate<Map<String, String>> match) {
        return new MessageFilter() {
            @Override
            public boolean isMatchedByConsumeQueue(long tagsCode) {
                return delegate == null || delegate.isMatchedByConsumeQueue(tagsCode);
            }

            @Override
            public boolean isMatchedByCommitLog(ByteBuffer record) {
                Map<String, String> props = RecordCodec.propertiesOf(record, 0);
                return !isExpired(props, System.currentTimeMillis()) && (match == null || match.test(props));
            }
        };
    }
}
