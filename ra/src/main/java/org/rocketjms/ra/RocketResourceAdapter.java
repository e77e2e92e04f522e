package org.rocketjms.ra;

import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.Serializable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAResource;
import org.rocketjms.ra.inbound.JmsActivation;
import org.rocketjms.ra.inbound.RocketActivationSpec;

/**
 * The RocketJMS resource adapter bean. Its config properties ({@code ConnectionURL}, {@code UserName},
 * {@code Password}) are the defaults of every managed connection factory and activation spec that leaves them unset.
 * It runs message-driven activations ({@link JmsActivation}) and gives the transaction manager real
 * {@link XAResource}s for recovery. Thread-safe.
 */
public class RocketResourceAdapter implements ResourceAdapter, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = RaLog.of(RocketResourceAdapter.class);

    private String connectionURL = RaSettings.DEFAULT_URL;
    private String userName;
    private String password;

    private transient Map<ActivationKey, JmsActivation> activations = new ConcurrentHashMap<>();
    private transient volatile BootstrapContext bootstrapContext;
    private transient volatile PhysicalFactories factories = PhysicalFactories.DEFAULT;

    /** The name-server URL ({@code rocketjms://host:9876[;host:port...]}). */
    public String getConnectionURL() {
        return connectionURL;
    }

    /** Sets the name-server URL used when a factory or activation spec sets none. */
    public void setConnectionURL(String connectionURL) {
        this.connectionURL = connectionURL;
    }

    /** The default user (null: anonymous). */
    public String getUserName() {
        return userName;
    }

    /** Sets the default user. */
    public void setUserName(String userName) {
        this.userName = userName;
    }

    /** The default password. */
    public String getPassword() {
        return password;
    }

    /** Sets the default password. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Replaces how physical connection factories are made (tests plug an XA stand-in here). */
    public void setPhysicalFactories(PhysicalFactories factories) {
        this.factories = Objects.requireNonNull(factories, "factories");
    }

    /** How physical connection factories are made. */
    public PhysicalFactories physicalFactories() {
        return factories;
    }

    /** The bootstrap context given to {@link #start}, or null before start / outside a container. */
    public BootstrapContext bootstrapContext() {
        return bootstrapContext;
    }

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        this.bootstrapContext = ctx;
        if (activations == null) {
            activations = new ConcurrentHashMap<>();
        }
        LOG.log(Level.INFO, "RocketJMS resource adapter started (ConnectionURL {0})", connectionURL);
    }

    @Override
    public void stop() {
        List<JmsActivation> all = new ArrayList<>(activations.values());
        activations.clear();
        for (JmsActivation a : all) {
            a.stop();
        }
        LOG.log(Level.INFO, "RocketJMS resource adapter stopped ({0} activation(s) ended)", all.size());
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof RocketActivationSpec rs)) {
            throw new ResourceException("activation spec " + spec + " is not a " + RocketActivationSpec.class.getName());
        }
        rs.validate();
        JmsActivation activation = new JmsActivation(this, factory, rs);
        activation.start();
        activations.put(new ActivationKey(factory, rs), activation);
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        JmsActivation a = activations.remove(new ActivationKey(factory, spec));
        if (a == null) {
            LOG.log(Level.WARNING, "endpointDeactivation for an activation that is not active: {0}", spec);
            return;
        }
        a.stop();
    }

    /** The number of running activations. */
    public int activeEndpoints() {
        return activations.size();
    }

    /**
     * One recovery XAResource per activation spec (deduplicated by connection settings). Each opens its own XA
     * connection when the transaction manager first uses it and closes it at the end of a recovery scan, so a
     * broker that was down at the first scan is reached at the next one.
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) throws ResourceException {
        List<XAResource> out = new ArrayList<>();
        List<RaSettings> seen = new ArrayList<>();
        if (specs != null) {
            for (ActivationSpec s : specs) {
                if (s instanceof RocketActivationSpec rs) {
                    RaSettings settings = rs.settings(this);
                    if (!seen.contains(settings) && factories.supportsXa()) {
                        seen.add(settings);
                        out.add(new RecoveryXAResource(factories, settings));
                    }
                }
            }
        }
        return out.toArray(new XAResource[0]);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof RocketResourceAdapter r && Objects.equals(connectionURL, r.connectionURL)
                && Objects.equals(userName, r.userName) && Objects.equals(password, r.password));
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionURL, userName);
    }

    private record ActivationKey(MessageEndpointFactory factory, ActivationSpec spec) {
        // identity of the pair as the container passes it to activation and deactivation
        @Override
        public boolean equals(Object o) {
            return o instanceof ActivationKey k && k.factory == factory && k.spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    /** Opens an XA session for recovery scans, (re)connecting lazily, closing after a scan ends. */
    static final class RecoveryXAResource implements XAResource {
        private final PhysicalFactories factories;
        private final RaSettings settings;
        private XAConnection connection;
        private XAResource delegate;

        RecoveryXAResource(PhysicalFactories factories, RaSettings settings) {
            this.factories = factories;
            this.settings = settings;
        }

        private synchronized XAResource open() throws javax.transaction.xa.XAException {
            if (delegate == null) {
                try {
                    XAConnectionFactory f = factories.xaFactory(settings);
                    connection = f.createXAConnection(settings.userName(), settings.password());
                    XASession s = connection.createXASession();
                    delegate = s.getXAResource();
                } catch (jakarta.jms.JMSException | RuntimeException e) {
                    close();
                    javax.transaction.xa.XAException x = new javax.transaction.xa.XAException(
                            javax.transaction.xa.XAException.XAER_RMFAIL);
                    x.initCause(e);
                    LOG.log(Level.WARNING, "XA recovery cannot reach RocketJMS at " + settings.url() + ": " + e);
                    throw x;
                }
            }
            return delegate;
        }

        private synchronized void close() {
            delegate = null;
            if (connection != null) {
                try {
                    connection.close();
                } catch (jakarta.jms.JMSException e) {
                    LOG.log(Level.DEBUG, "closing the recovery connection failed: " + e);
                }
                connection = null;
            }
        }

        @Override
        public javax.transaction.xa.Xid[] recover(int flag) throws javax.transaction.xa.XAException {
            try {
                return open().recover(flag);
            } finally {
                if ((flag & TMENDRSCAN) != 0) {
                    close();
                }
            }
        }

        @Override
        public void commit(javax.transaction.xa.Xid xid, boolean onePhase) throws javax.transaction.xa.XAException {
            open().commit(xid, onePhase);
        }

        @Override
        public void rollback(javax.transaction.xa.Xid xid) throws javax.transaction.xa.XAException {
            open().rollback(xid);
        }

        @Override
        public void forget(javax.transaction.xa.Xid xid) throws javax.transaction.xa.XAException {
            open().forget(xid);
        }

        @Override
        public int prepare(javax.transaction.xa.Xid xid) throws javax.transaction.xa.XAException {
            return open().prepare(xid);
        }

        @Override
        public void start(javax.transaction.xa.Xid xid, int flags) throws javax.transaction.xa.XAException {
            open().start(xid, flags);
        }

        @Override
        public void end(javax.transaction.xa.Xid xid, int flags) throws javax.transaction.xa.XAException {
            open().end(xid, flags);
        }

        @Override
        public boolean isSameRM(XAResource other) throws javax.transaction.xa.XAException {
            return other == this || open().isSameRM(other instanceof RecoveryXAResource r ? r.open() : other);
        }

        @Override
        public int getTransactionTimeout() throws javax.transaction.xa.XAException {
            return open().getTransactionTimeout();
        }

        @Override
        public boolean setTransactionTimeout(int seconds) throws javax.transaction.xa.XAException {
            return open().setTransactionTimeout(seconds);
        }
    }
}
