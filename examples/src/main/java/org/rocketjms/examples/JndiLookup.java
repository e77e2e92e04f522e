package org.rocketjms.examples;

import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;

/**
 * Looking JMS objects up by name (JNDI) instead of creating them in code, so that URLs and destination names live
 * in configuration. With no environment given, {@link InitialContext} reads {@code jndi.properties} from the
 * classpath (this module ships one in {@code src/main/resources}).
 *
 * <p>Run: {@code mvn -q -B -pl examples exec:java -Dexec.mainClass=org.rocketjms.examples.JndiLookup}
 */
public final class JndiLookup {
    private JndiLookup() {
    }

    public static void main(String[] args) throws NamingException, JMSException {
        Hashtable<String, String> environment = new Hashtable<>();
        if (args.length > 0) {
            // Entries given here take precedence over those of jndi.properties.
            environment.put(Context.PROVIDER_URL, args[0]);
            environment.put("connectionfactory.ConnectionFactory", args[0]);
        }
        System.out.println("received '" + run(environment) + "'");
    }

    /**
     * Looks up "ConnectionFactory" and "ExampleQueue" in a JNDI context built from {@code environment} (merged
     * with {@code jndi.properties}), sends a message to the queue and returns the body received from it.
     */
    public static String run(Hashtable<?, ?> environment) throws NamingException, JMSException {
        Context jndi = new InitialContext(environment);
        try {
            // Administered objects: the application only knows their JNDI names.
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
            Queue queue = (Queue) jndi.lookup("ExampleQueue");
            System.out.println("looked up ConnectionFactory (" + factory + ") and ExampleQueue ("
                    + queue.getQueueName() + ")");

            try (JMSContext context = factory.createContext();
                 JMSConsumer consumer = context.createConsumer(queue)) {
                context.createProducer().send(queue, "hello via JNDI");
                System.out.println("sent 'hello via JNDI' to " + queue.getQueueName());
                return consumer.receiveBody(String.class, 5_000);
            }
        } finally {
            jndi.close();
        }
    }
}
