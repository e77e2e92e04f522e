package org.rocketjms.jms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.jms.jndi.RocketInitialContextFactory;

/** The JNDI initial context factory binds factories and destinations from its environment. */
class JndiTest {
    @Test
    void looksUpConfiguredObjects() throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, RocketInitialContextFactory.class.getName());
        env.put(Context.PROVIDER_URL, "rocketjms://localhost:19876");
        env.put("queue.orders", "Orders");
        env.put("topic.prices", "Prices");
        Context ctx = new InitialContext(env);
        ConnectionFactory cf = (ConnectionFactory) ctx.lookup("ConnectionFactory");
        assertEquals("rocketjms://localhost:19876", ((RocketConnectionFactory) cf).getBrokerURL());
        assertEquals("Orders", ((Queue) ctx.lookup("orders")).getQueueName());
        assertEquals("Prices", ((Topic) ctx.lookup("prices")).getTopicName());
        assertThrows(NameNotFoundException.class, () -> ctx.lookup("missing"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.bind("x", "y"));
        assertTrue(ctx.list("").hasMore());
    }

    @Test
    void namedFactoriesAndCredentials() throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, RocketInitialContextFactory.class.getName());
        env.put(Context.PROVIDER_URL, "rocketjms://localhost:19876");
        env.put(Context.SECURITY_PRINCIPAL, "j2ee");
        env.put(Context.SECURITY_CREDENTIALS, "secret");
        env.put("connectionFactory.remote", "rocketjms://other:9876");
        env.put("connectionFactoryNames", "MyQueueConnectionFactory, MyTopicConnectionFactory");
        Context ctx = new InitialContext(env);
        RocketConnectionFactory remote = (RocketConnectionFactory) ctx.lookup("remote");
        assertEquals("rocketjms://other:9876", remote.getBrokerURL());
        assertEquals("j2ee", remote.getUser());
        assertEquals("secret", remote.getPassword());
        assertEquals("rocketjms://localhost:19876",
                ((RocketConnectionFactory) ctx.lookup("MyTopicConnectionFactory")).getBrokerURL());
        assertTrue(ctx.lookup("MyQueueConnectionFactory") instanceof RocketConnectionFactory);
    }
}
