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
 *   <li>{@code connectionFactory.<jndiName>=<url>} (prefix matched case-insensitively) – further factories;</li>
 *   <li>{@code connectionFactoryNames=<jndiName>[,<jndiName>...]} – further factories for the provider URL;</li>
 *   <li>{@code queue.<jndiName>=<name>} and {@code topic.<jndiName>=<name>} – destinations;</li>
 *   <li>{@code java.naming.security.principal} / {@code java.naming.security.credentials} – default user and
 *       password of every factory bound here.</li>
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
    /** Key listing extra factory names bound to the provider URL (comma-separated). */
    public static final String FACTORY_NAMES = "connectionFactoryNames";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, Object> bindings = new HashMap<>();
        Object url = environment.get(Context.PROVIDER_URL);
        String defaultUrl = url == null ? RocketConnectionFactory.DEFAULT_URL : url.toString();
        Object user = environment.get(Context.SECURITY_PRINCIPAL);
        Object password = environment.get(Context.SECURITY_CREDENTIALS);
        try {
            for (String name : new String[] {"ConnectionFactory", "QueueConnectionFactory", "TopicConnectionFactory"}) {
                bindings.put(name, factory(defaultUrl, user, password));
            }
            Object names = environment.get(FACTORY_NAMES);
            if (names != null) {
                for (String name : names.toString().split(",")) {
                    if (!name.isBlank()) {
                        bindings.put(name.trim(), factory(defaultUrl, user, password));
                    }
                }
            }
            for (Map.Entry<?, ?> e : environment.entrySet()) {
                String key = String.valueOf(e.getKey());
                String value = String.valueOf(e.getValue());
                if (key.startsWith(QUEUE_PREFIX)) {
                    bindings.put(key.substring(QUEUE_PREFIX.length()), new RocketQueue(value));
                } else if (key.startsWith(TOPIC_PREFIX)) {
                    bindings.put(key.substring(TOPIC_PREFIX.length()), new RocketTopic(value));
                } else if (key.regionMatches(true, 0, FACTORY_PREFIX, 0, FACTORY_PREFIX.length())) {
                    bindings.put(key.substring(FACTORY_PREFIX.length()), factory(value, user, password));
                }
            }
        } catch (IllegalArgumentException e) {
            NamingException n = new NamingException("invalid RocketJMS JNDI configuration: " + e.getMessage());
            n.setRootCause(e);
            throw n;
        }
        return new ReadOnlyContext(bindings, environment);
    }

    private static RocketConnectionFactory factory(String url, Object user, Object password) {
        RocketConnectionFactory f = new RocketConnectionFactory(url);
        if (user != null) {
            f.setUser(user.toString());
            f.setPassword(password == null ? null : password.toString());
        }
        return f;
    }
}
