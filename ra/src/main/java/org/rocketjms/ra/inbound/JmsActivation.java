package org.rocketjms.ra.inbound;

import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.transaction.xa.XAResource;
import org.rocketjms.ra.PhysicalFactories;
import org.rocketjms.ra.RaLog;
import org.rocketjms.ra.RaSettings;
import org.rocketjms.ra.RocketResourceAdapter;
import org.rocketjms.ra.outbound.RocketRaConnectionFactory;

/**
 * One active message-driven endpoint: a connection, {@code maxSession} sessions each with its own consumer and
 * delivery thread, and the reconnect loop around them.
 *
 * <p>Delivery. Each session is transacted. When the container wants the delivery in its transaction
 * ({@code isDeliveryTransacted}) and the client offers XA, the session is an XA session whose {@link XAResource} is
 * given to {@code createEndpoint}, and every message is delivered between {@code beforeDelivery} and
 * {@code afterDelivery}: the container commits or rolls back the receive with the bean's work. Otherwise the
 * resource adapter commits the session after {@code onMessage} returns and rolls it back when it throws. A rolled
 * back message comes again with {@code JMSRedelivered=true} and a higher {@code JMSXDeliveryCount}, after
 * {@code redeliveryDelay}; once it was delivered {@code maxDeliveryAttempts} times (when set) the resource adapter
 * moves a queue's message to {@code DLQ.<queue>}, otherwise the broker does after its own
 * {@code maxDeliveryAttempts}.
 *
 * <p>Lifecycle. {@link #start()} returns at once; a daemon thread connects, retrying with exponential backoff
 * ({@code reconnectInitialDelay} doubling to {@code reconnectMaxDelay}, at most {@code reconnectAttempts} times) and
 * reconnects after a lost connection. {@link #stop()} ends delivery within about {@code receiveTimeout}, releases
 * the endpoints, closes sessions and connection (which removes a non-durable subscription) and never waits for a
 * broker that cannot be reached.
 */
public final class JmsActivation {
    private static final Logger LOG = RaLog.of(JmsActivation.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RocketResourceAdapter ra;
    private final MessageEndpointFactory endpointFactory;
    private final RocketActivationSpec spec;
    private final String id;
    private final Object lock = new Object();
    private final List<Worker> workers = new ArrayList<>();

    private RaSettings settings;
    private String destinationName;
    private boolean topic;
    private boolean xa;
    private Thread activationThread;
    private Connection connection;
    private volatile boolean stopping;
    private volatile boolean failed;
    private volatile boolean connected;

    /** An activation of {@code endpointFactory} for {@code spec} (validated by the caller). */
    public JmsActivation(RocketResourceAdapter ra, MessageEndpointFactory endpointFactory, RocketActivationSpec spec) {
        this.ra = ra;
        this.endpointFactory = endpointFactory;
        this.spec = spec;
        this.id = "rocketjms-ra-" + IDS.incrementAndGet();
    }

    /** Resolves destination and settings (JNDI lookups happen here, on the container's thread) and starts. */
    public void start() throws ResourceException {
        resolve();
        try {
            xa = endpointFactory.isDeliveryTransacted(ON_MESSAGE) && ra.physicalFactories().supportsXa();
        } catch (NoSuchMethodException e) {
            throw new ResourceException("the endpoint has no onMessage(Message) method", e);
        }
        try {
            if (endpointFactory.isDeliveryTransacted(ON_MESSAGE) && !xa) {
                LOG.log(Level.WARNING, "{0}: the endpoint wants transacted delivery but this client has no XA;"
                        + " messages are acknowledged in a local transaction after onMessage returns", id);
            }
        } catch (NoSuchMethodException e) {
            throw new ResourceException("the endpoint has no onMessage(Message) method", e);
        }
        activationThread = new Thread(this::run, id + "-connect");
        activationThread.setDaemon(true);
        activationThread.start();
        LOG.log(Level.INFO, "{0}: activating {1} {2} ({3} delivery)", id, topic ? "topic" : "queue",
                destinationName, xa ? "XA" : "local-transaction");
    }

    private void resolve() throws ResourceException {
        RaSettings s = spec.settings(ra);
        if (spec.getConnectionFactoryLookup() != null && !spec.getConnectionFactoryLookup().isBlank()) {
            Object cf = lookup(spec.getConnectionFactoryLookup());
            if (cf instanceof RocketRaConnectionFactory f) {
                s = f.managedConnectionFactory().settings(null);
            } else {
                LOG.log(Level.WARNING, "{0}: connectionFactoryLookup {1} is {2}, not a RocketJMS resource-adapter"
                        + " factory; using the activation spec's connection settings", id,
                        spec.getConnectionFactoryLookup(), cf);
            }
        }
        if (spec.getClientId() != null && !spec.getClientId().isBlank()) {
            s = s.withClientId(spec.getClientId());
        }
        settings = s;
        topic = spec.isTopic();
        String lookupName = spec.getDestinationLookup();
        Object found = null;
        if (lookupName != null && !lookupName.isBlank()) {
            found = lookup(lookupName);
            if (found == null) {
                throw new ResourceException("destinationLookup " + lookupName + " names nothing in JNDI");
            }
        } else {
            // some servers (Open Liberty) pass the lookup name in 'destination': try JNDI, else a physical name
            found = lookup(spec.getDestination());
            if (found == null) {
                destinationName = spec.getDestination();
                return;
            }
        }
        try {
            if (topic && found instanceof Topic t) {
                destinationName = t.getTopicName();
            } else if (!topic && found instanceof Queue q) {
                destinationName = q.getQueueName();
            } else {
                throw new ResourceException("JNDI object " + found + " is not a " + (topic ? "Topic" : "Queue")
                        + " as destinationType " + spec.getDestinationType() + " requires");
            }
        } catch (JMSException e) {
            throw new ResourceException("cannot read the name of destination " + found, e);
        }
    }

    /** The object bound at {@code name}, or null when nothing is (a physical name, or no JNDI here). */
    private Object lookup(String name) {
        try {
            InitialContext ctx = new InitialContext();
            try {
                return ctx.lookup(name);
            } finally {
                ctx.close();
            }
        } catch (NamingException | RuntimeException e) {
            LOG.log(Level.DEBUG, "{0}: JNDI lookup of {1} failed ({2}); treating it as a physical name", id, name,
                    e.toString());
            return null;
        }
    }

    /** The physical destination name (tests). */
    public String destinationName() {
        return destinationName;
    }

    /** Whether sessions are connected and delivering (tests). */
    public boolean isConnected() {
        return connected;
    }

    // ------------------------------------------------------------------ connect loop

    private void run() {
        long delay = spec.getReconnectInitialDelay();
        int attempts = 0;
        while (!stopping) {
            try {
                connect();
                attempts = 0;
                delay = spec.getReconnectInitialDelay();
            } catch (JMSException | ResourceException | RuntimeException e) {
                teardown();
                attempts++;
                int max = spec.getReconnectAttempts();
                if (max >= 0 && attempts >= max) {
                    LOG.log(Level.ERROR, "{0}: giving up on {1} after {2} attempt(s): {3}", id, settings.url(),
                            attempts, e.toString());
                    return;
                }
                LOG.log(Level.WARNING, "{0}: cannot start delivery from {1} (attempt {2}), retrying in {3} ms: {4}",
                        id, settings.url(), attempts, delay, e.toString());
                if (!pause(delay)) {
                    return;
                }
                delay = Math.min(Math.max(1, delay * 2), spec.getReconnectMaxDelay());
                continue;
            }
            synchronized (lock) {
                while (!stopping && !failed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            if (stopping || Thread.currentThread().isInterrupted()) {
                return;
            }
            LOG.log(Level.WARNING, "{0}: connection lost, reconnecting", id);
            teardown();
        }
    }

    private boolean pause(long millis) {
        synchronized (lock) {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (!stopping) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    private void connect() throws JMSException, ResourceException {
        failed = false;
        PhysicalFactories f = ra.physicalFactories();
        Connection c = xa ? f.xaFactory(settings).createXAConnection(settings.userName(), settings.password())
                : f.factory(settings).createConnection(settings.userName(), settings.password());
        synchronized (lock) {
            if (stopping) {
                c.close();
                return;
            }
            connection = c;
        }
        if (settings.clientId() != null) {
            c.setClientID(settings.clientId());
        }
        c.setExceptionListener(e -> {
            LOG.log(Level.WARNING, "{0}: {1}", id, e.getMessage());
            synchronized (lock) {
                failed = true;
                lock.notifyAll();
            }
        });
        int sessions = topic && !spec.isShared() ? 1 : spec.getMaxSession();
        List<Worker> made = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                made.add(newWorker(c, i));
            }
        } catch (JMSException | ResourceException | RuntimeException e) {
            for (Worker w : made) {
                w.release(); // endpoints made so far go back to the container
            }
            throw e;
        }
        synchronized (lock) {
            if (stopping) {
                for (Worker w : made) {
                    w.release();
                }
                return;
            }
            workers.addAll(made);
        }
        c.start();
        for (Worker w : made) {
            w.thread.start();
        }
        connected = true;
    }

    private Worker newWorker(Connection c, int index) throws JMSException, ResourceException {
        Session session;
        RollbackOnlyXAResource xaResource = null;
        if (xa) {
            XASession xs = ((XAConnection) c).createXASession();
            xaResource = new RollbackOnlyXAResource(xs.getXAResource());
            session = xs.getSession();
        } else {
            session = c.createSession(true, Session.SESSION_TRANSACTED);
        }
        Destination d = topic ? session.createTopic(destinationName) : session.createQueue(destinationName);
        String sel = spec.getMessageSelector() == null || spec.getMessageSelector().isBlank() ? null
                : spec.getMessageSelector();
        MessageConsumer consumer;
        if (!topic) {
            consumer = session.createConsumer(d, sel);
        } else if (spec.isDurable()) {
            consumer = spec.isShared() ? session.createSharedDurableConsumer((Topic) d, spec.getSubscriptionName(), sel)
                    : session.createDurableConsumer((Topic) d, spec.getSubscriptionName(), sel, false);
        } else {
            consumer = spec.isShared() ? session.createSharedConsumer((Topic) d, spec.getSubscriptionName(), sel)
                    : session.createConsumer(d, sel);
        }
        MessageEndpoint endpoint = createEndpoint(xaResource);
        return new Worker(index, session, consumer, endpoint, xaResource);
    }

    private MessageEndpoint createEndpoint(XAResource xaResource) throws ResourceException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return endpointFactory.createEndpoint(xaResource);
            } catch (UnavailableException e) {
                // the application is not ready yet (still deploying); wait a little unless stopping
                if (stopping || System.nanoTime() > deadline || !pause(200)) {
                    throw e;
                }
            }
        }
    }

    /** Stops delivery and closes everything; bounded by about {@code receiveTimeout} plus a grace second. */
    public void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        Thread t = activationThread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        teardown();
        LOG.log(Level.INFO, "{0}: deactivated {1} {2}", id, topic ? "topic" : "queue", destinationName);
    }

    private void teardown() {
        connected = false;
        List<Worker> all;
        Connection c;
        synchronized (lock) {
            all = new ArrayList<>(workers);
            workers.clear();
            c = connection;
            connection = null;
        }
        for (Worker w : all) {
            w.running = false;
        }
        long waitMillis = spec.getReceiveTimeout() + 1000;
        long end = System.nanoTime() + waitMillis * 1_000_000L;
        for (Worker w : all) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000L);
            try {
                w.thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (w.thread.isAlive()) {
                LOG.log(Level.WARNING, "{0}: delivery thread {1} still busy after {2} ms; closing its connection",
                        id, w.thread.getName(), waitMillis);
            }
        }
        for (Worker w : all) {
            w.release();
        }
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.DEBUG, "{0}: closing the connection failed: {1}", id, e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ delivery

    /** One session, its consumer, its endpoint and the thread delivering to it. */
    private final class Worker implements Runnable {
        final Session session;
        final MessageConsumer consumer;
        final MessageEndpoint endpoint;
        final RollbackOnlyXAResource xaResource;
        final Thread thread;
        volatile boolean running = true;
        private MessageProducer dlqProducer;
        private boolean released;

        Worker(int index, Session session, MessageConsumer consumer, MessageEndpoint endpoint,
               RollbackOnlyXAResource xaResource) {
            this.session = session;
            this.consumer = consumer;
            this.endpoint = endpoint;
            this.xaResource = xaResource;
            this.thread = new Thread(this, id + "-session-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (running && !stopping) {
                try {
                    if (xa) {
                        deliverInXaTransaction();
                    } else {
                        Message m = consumer.receive(spec.getReceiveTimeout());
                        if (m != null) {
                            deliverLocal(m);
                        }
                    }
                } catch (JMSException | RuntimeException e) {
                    if (running && !stopping) {
                        LOG.log(Level.WARNING, "{0}: receive failed: {1}", id, e.toString());
                        synchronized (lock) {
                            failed = true;
                            lock.notifyAll();
                        }
                    }
                    return;
                }
            }
        }

        private boolean overLimit(int count) {
            int limit = spec.getMaxDeliveryAttempts();
            return limit > 0 && count > limit && !topic;
        }

        /**
         * XA: the receive happens inside the container's transaction (an XA session outside a branch would
         * acknowledge at once), so {@code beforeDelivery} comes first; an idle receive ends an empty transaction.
         */
        private void deliverInXaTransaction() throws JMSException {
            try {
                endpoint.beforeDelivery(ON_MESSAGE);
            } catch (ResourceException | NoSuchMethodException e) {
                LOG.log(Level.WARNING, "{0}: beforeDelivery failed: {1}", id, e.toString());
                pause(Math.max(100, spec.getReceiveTimeout()));
                return;
            }
            Message m = null;
            Throwable failure = null;
            JMSException receiveFailure = null;
            int count = 0;
            try {
                m = consumer.receive(spec.getReceiveTimeout());
                if (m != null) {
                    count = deliveryCount(m);
                    if (overLimit(count)) {
                        dlqProducer().send(m, m.getJMSDeliveryMode(), m.getJMSPriority(), 0L);
                    } else {
                        ((MessageListener) endpoint).onMessage(m);
                    }
                }
            } catch (JMSException e) {
                failure = e;
                if (m == null) {
                    receiveFailure = e;
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (failure != null) {
                    xaResource.rollbackOnly = true;
                }
                try {
                    endpoint.afterDelivery();
                } catch (ResourceException | RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    xaResource.rollbackOnly = false;
                }
            }
            if (receiveFailure != null) {
                throw receiveFailure;
            }
            if (m != null) {
                report(m, count, failure);
                if (failure != null) {
                    waitRedeliveryDelay();
                }
            }
        }

        /** Local: the transacted session is committed after onMessage returns, rolled back when it throws. */
        private void deliverLocal(Message m) {
            int count = deliveryCount(m);
            Throwable failure = null;
            try {
                if (overLimit(count)) {
                    dlqProducer().send(m, m.getJMSDeliveryMode(), m.getJMSPriority(), 0L);
                } else {
                    ((MessageListener) endpoint).onMessage(m);
                }
            } catch (Throwable t) {
                failure = t;
            }
            report(m, count, failure);
            try {
                if (failure == null) {
                    session.commit();
                } else {
                    waitRedeliveryDelay();
                    session.rollback();
                }
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.WARNING, "{0}: {1} after delivery failed: {2}", id,
                        failure == null ? "commit" : "rollback", e.toString());
            }
        }

        private void report(Message m, int count, Throwable failure) {
            boolean dlq = overLimit(count);
            if (failure != null) {
                LOG.log(Level.WARNING, "{0}: delivery {1} of message {2} failed and is rolled back: {3}", id, count,
                        messageId(m), failure.toString());
            } else if (dlq) {
                LOG.log(Level.WARNING, "{0}: message {1} failed {2} deliveries; moved to DLQ.{3}", id, messageId(m),
                        count - 1, destinationName);
            }
        }

        private MessageProducer dlqProducer() throws JMSException {
            if (dlqProducer == null) {
                dlqProducer = session.createProducer(session.createQueue("DLQ." + destinationName));
            }
            return dlqProducer;
        }

        private void waitRedeliveryDelay() {
            long d = spec.getRedeliveryDelay();
            if (d > 0) {
                pause(d);
            }
        }

        synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            running = false;
            endpoint.release();
            try {
                consumer.close();
                session.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.DEBUG, "{0}: closing a session failed: {1}", id, e.toString());
            }
        }
    }

    static int deliveryCount(Message m) {
        try {
            if (m.propertyExists("JMSXDeliveryCount")) {
                return m.getIntProperty("JMSXDeliveryCount");
            }
            return m.getJMSRedelivered() ? 2 : 1;
        } catch (JMSException e) {
            return 1;
        }
    }

    private static String messageId(Message m) {
        try {
            return m.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }
}
