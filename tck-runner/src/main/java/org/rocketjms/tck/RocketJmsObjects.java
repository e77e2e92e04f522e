package org.rocketjms.tck;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.ts.lib.porting.TSJMSObjectsInterface;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnectionFactory;

import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTopic;

/**
 * The Jakarta Messaging TCK's porting class for RocketJMS ({@code porting.ts.jmsObjects.class.1}): hands out the
 * administered objects the TCK asks for by name, all bound to the one {@link TckBroker} of this JVM.
 *
 * <ul>
 *   <li>Factories {@value #CONNECTION_FACTORY}, {@value #QUEUE_CONNECTION_FACTORY} and
 *       {@value #TOPIC_CONNECTION_FACTORY} carry no client ID. {@value #DURABLE_SUB_CONNECTION_FACTORY} carries the
 *       client ID {@value #DURABLE_CLIENT_ID}, configured administratively: its connections and contexts report it
 *       and refuse {@code setClientID}. Any other factory name is refused.</li>
 *   <li>Queues and topics: the names of {@link #QUEUES} and {@link #TOPICS}; a name always gives the same
 *       physical destination. Other names are accepted as well (the name is the destination's name).</li>
 * </ul>
 *
 * The TCK creates one instance per JVM (through {@code TSJMSObjects}); all lookups are thread-safe and cached.
 */
public final class RocketJmsObjects implements TSJMSObjectsInterface {
    /** Generic connection factory without client ID. */
    public static final String CONNECTION_FACTORY = "MyConnectionFactory";
    /** Queue connection factory without client ID. */
    public static final String QUEUE_CONNECTION_FACTORY = "MyQueueConnectionFactory";
    /** Topic connection factory without client ID. */
    public static final String TOPIC_CONNECTION_FACTORY = "MyTopicConnectionFactory";
    /** Topic connection factory whose connections carry the administratively set client ID. */
    public static final String DURABLE_SUB_CONNECTION_FACTORY = "DURABLE_SUB_CONNECTION_FACTORY";
    /** The client ID of {@value #DURABLE_SUB_CONNECTION_FACTORY}. */
    public static final String DURABLE_CLIENT_ID = "cts";

    /** The queue names the TCK uses. */
    public static final Set<String> QUEUES =
            Set.of("MY_QUEUE", "MY_QUEUE2", "testQ0", "testQ1", "testQ2", "testQueue2", "Q2");
    /** The topic names the TCK uses. */
    public static final Set<String> TOPICS = Set.of("MY_TOPIC", "MY_TOPIC2", "testT0", "testT1", "testT2");

    private static final Set<String> FACTORIES = Set.of(
            CONNECTION_FACTORY, QUEUE_CONNECTION_FACTORY, TOPIC_CONNECTION_FACTORY, DURABLE_SUB_CONNECTION_FACTORY);

    private final Map<String, RocketConnectionFactory> factories = new ConcurrentHashMap<>();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    /** Public no-argument constructor, as {@code TSJMSObjects} instantiates the class by name. */
    public RocketJmsObjects() {
    }

    @Override
    public Queue getQueue(String name) {
        return queues.computeIfAbsent(requireName(name, "queue"), RocketQueue::new);
    }

    @Override
    public Topic getTopic(String name) {
        return topics.computeIfAbsent(requireName(name, "topic"), RocketTopic::new);
    }

    @Override
    public TopicConnectionFactory getTopicConnectionFactory(String name) {
        return factory(name);
    }

    @Override
    public QueueConnectionFactory getQueueConnectionFactory(String name) {
        return factory(name);
    }

    @Override
    public ConnectionFactory getConnectionFactory(String name) {
        return factory(name);
    }

    private RocketConnectionFactory factory(String name) {
        requireName(name, "connection factory");
        if (!FACTORIES.contains(name)) {
            throw new IllegalArgumentException("unknown connection factory '" + name + "'; the TCK porting class knows "
                    + FACTORIES);
        }
        return factories.computeIfAbsent(name, RocketJmsObjects::newFactory);
    }

    private static RocketConnectionFactory newFactory(String name) {
        RocketConnectionFactory cf = new RocketConnectionFactory(TckBroker.url());
        if (DURABLE_SUB_CONNECTION_FACTORY.equals(name)) {
            cf.setClientID(DURABLE_CLIENT_ID);
        }
        return cf;
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " name must not be null or empty");
        }
        return name;
    }
}
