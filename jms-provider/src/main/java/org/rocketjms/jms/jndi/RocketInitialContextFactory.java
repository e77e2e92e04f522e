package org.rocketjms.jms.jndi;

import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.jms.destination.RocketQueue;
import org.rocketjms.jms.destination.RocketTopic;

/**
 * A JNDI {@link InitialContextFactory} for applications that look JMS objects up by name, configured entirely by
 * the environment (e.g. {@code jndi.properties}):
 * <ul>
 *   <li>{@code java.naming.provider.url} – the connection URL of the factories bound under {@code ConnectionFactory},
 *       {@code QueueConnectionFactory} and {@code TopicConnectionFactory};</li>
 *   <li>{@code connectionfactory.<jndiName>=<url>} – further factories;</li>
 *   <li>{@code queue.<jndiName>=<name>} and {@code topic.<jndiName>=<name>} – destinations.</li>
 * </ul>
 * The context is read-only and lives in memory.
 */
public class RocketInitialContextFactory implements InitialContextFactory {
    /** Prefix of queue entries. */
    public static final String QUEUE_PREFIX = "queue.";
    /** Prefix of topic entries. */
    public static final String TOPIC_PREFIX = "topic.";
    /** Prefix of extra connection factory entries. */
    public static final String FACTORY_PREFIX = "connectionfactory.";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, Object> bindings = new HashMap<>();
        Object url = environment.get(Context.PROVIDER_URL);
        String defaultUrl = url == null ? RocketConnectionFactory.DEFAULT_URL : url.toString();
        try {
            for (String name : new String[] {"ConnectionFactory", "QueueConnectionFactory", "TopicConnectionFactory"}) {
                bindings.put(name, new RocketConnectionFactory(defaultUrl));
            }
            for (Map.Entry<?, ?> e : environment.entrySet()) {
                String key = String.valueOf(e.getKey());
                String value = String.valueOf(e.getValue());
                if (key.startsWith(QUEUE_PREFIX)) {
                    bindings.put(key.substring(QUEUE_PREFIX.length()), new RocketQueue(value));
                } else if (key.startsWith(TOPIC_PREFIX)) {
                    bindings.put(key.substring(TOPIC_PREFIX.length()), new RocketTopic(value));
                } else if (key.startsWith(FACTORY_PREFIX)) {
                    bindings.put(key.substring(FACTORY_PREFIX.length()), new RocketConnectionFactory(value));
                }
            }
        } catch (IllegalArgumentException e) {
            NamingException n = new NamingException("invalid RocketJMS JNDI configuration: " + e.getMessage());
            n.setRootCause(e);
            throw n;
        }
        return new ReadOnlyContext(bindings, environment);
    }
}
