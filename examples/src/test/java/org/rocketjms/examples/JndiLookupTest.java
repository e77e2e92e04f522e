package org.rocketjms.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.Hashtable;
import java.util.Properties;

import javax.naming.Context;

import org.junit.jupiter.api.Test;
import org.rocketjms.jms.jndi.RocketInitialContextFactory;

class JndiLookupTest extends BrokerTestSupport {
    @Test
    void looksUpFactoryAndQueueAndExchangesAMessage() throws Exception {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, RocketInitialContextFactory.class.getName());
        environment.put(Context.PROVIDER_URL, url());
        environment.put("connectionfactory.ConnectionFactory", url());
        environment.put("queue.ExampleQueue", "example.queue.jndi-test");

        assertEquals("hello via JNDI", JndiLookup.run(environment));
    }

    @Test
    void shippedJndiPropertiesPointAtTheStandaloneBroker() throws Exception {
        Properties shipped = new Properties();
        try (InputStream in = JndiLookup.class.getResourceAsStream("/jndi.properties")) {
            shipped.load(in);
        }
        assertEquals(RocketInitialContextFactory.class.getName(), shipped.getProperty(Context.INITIAL_CONTEXT_FACTORY));
        assertEquals("rocketjms://127.0.0.1:9876", shipped.getProperty(Context.PROVIDER_URL));
        assertEquals("rocketjms://127.0.0.1:9876", shipped.getProperty("connectionfactory.ConnectionFactory"));
        assertEquals("example.queue", shipped.getProperty("queue.ExampleQueue"));
    }
}
