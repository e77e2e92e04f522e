package org.rocketjms.ra.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.security.PasswordCredential;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;
import org.rocketjms.ra.PhysicalFactories;
import org.rocketjms.ra.RaSettings;
import org.rocketjms.ra.RocketResourceAdapter;

/**
 * Makes and matches the pooled physical RocketJMS connections of one connection definition. Config properties (all
 * optional; unset ones come from the resource adapter or the provider): {@code ConnectionURL}, {@code UserName},
 * {@code Password}, {@code ClientID}, {@code Prefetch}, {@code SendTimeout}, {@code Retries},
 * {@code TrustedPackages}, and the provider's throughput settings {@code AsyncSendWindow},
 * {@code BlockOnNonPersistentSend}, {@code AutoAckWindow}, {@code DupsOkBatchSize}, {@code DupsOkBatchMillis}
 * (see {@code RocketConnectionFactory}; an invalid value fails when a connection is made). {@code equals}/{@code hashCode} compare the configuration, as JCA requires.
 */
public class RocketManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation,
        TransactionSupport {
    private static final long serialVersionUID = 1L;

    private String connectionURL;
    private String userName;
    private String password;
    private String clientID;
    private Integer prefetch;
    private Long sendTimeout;
    private Integer retries;
    private String trustedPackages;
    private Integer asyncSendWindow;
    private Boolean blockOnNonPersistentSend;
    private Integer autoAckWindow;
    private Integer dupsOkBatchSize;
    private Long dupsOkBatchMillis;
    private Boolean syncSendsOnCallerThread;
    private Boolean coalescePipelinedSends;

    private transient RocketResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;
    private transient PhysicalFactories factories;

    // ------------------------------------------------------------------ config properties

    /** Name-server URL (default: the resource adapter's {@code ConnectionURL}). */
    public String getConnectionURL() {
        return connectionURL;
    }

    /** Sets the name-server URL. */
    public void setConnectionURL(String connectionURL) {
        this.connectionURL = connectionURL;
    }

    /** Default user of {@code createConnection()} (default: the resource adapter's). */
    public String getUserName() {
        return userName;
    }

    /** Sets the default user. */
    public void setUserName(String userName) {
        this.userName = userName;
    }

    /** Default password. */
    public String getPassword() {
        return password;
    }

    /** Sets the default password. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Client ID of every physical connection (default none; a client ID is unique, so use a pool of one). */
    public String getClientID() {
        return clientID;
    }

    /** Sets the client ID. */
    public void setClientID(String clientID) {
        this.clientID = clientID;
    }

    /** Messages a consumer buffers (default: provider default). */
    public Integer getPrefetch() {
        return prefetch;
    }

    /** Sets the prefetch. */
    public void setPrefetch(Integer prefetch) {
        this.prefetch = prefetch;
    }

    /** Send timeout in ms (default: provider default). */
    public Long getSendTimeout() {
        return sendTimeout;
    }

    /** Sets the send timeout. */
    public void setSendTimeout(Long sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /** Send retries on another queue or broker (default: provider default). */
    public Integer getRetries() {
        return retries;
    }

    /** Sets the send retries. */
    public void setRetries(Integer retries) {
        this.retries = retries;
    }

    /** Extra trusted ObjectMessage packages, comma-separated (default: provider default). */
    public String getTrustedPackages() {
        return trustedPackages;
    }

    /** Sets the extra trusted packages. */
    public void setTrustedPackages(String trustedPackages) {
        this.trustedPackages = trustedPackages;
    }

    /** Sends with a CompletionListener (and NON_PERSISTENT sends) one producer keeps in flight (default: provider's, 32). */
    public Integer getAsyncSendWindow() {
        return asyncSendWindow;
    }

    /** Sets the asynchronous send window per producer. */
    public void setAsyncSendWindow(Integer asyncSendWindow) {
        this.asyncSendWindow = asyncSendWindow;
    }

    /** Whether a NON_PERSISTENT send outside a transaction waits for the broker (default: provider's, false). */
    public Boolean getBlockOnNonPersistentSend() {
        return blockOnNonPersistentSend;
    }

    /** Sets whether NON_PERSISTENT sends wait for the broker. */
    public void setBlockOnNonPersistentSend(Boolean blockOnNonPersistentSend) {
        this.blockOnNonPersistentSend = blockOnNonPersistentSend;
    }

    /** AUTO_ACKNOWLEDGE: consumed messages whose ack may still be unconfirmed (default: provider's, 32). */
    public Integer getAutoAckWindow() {
        return autoAckWindow;
    }

    /** Sets the AUTO_ACKNOWLEDGE window. */
    public void setAutoAckWindow(Integer autoAckWindow) {
        this.autoAckWindow = autoAckWindow;
    }

    /** DUPS_OK_ACKNOWLEDGE: messages acknowledged together (default: provider's, 32). */
    public Integer getDupsOkBatchSize() {
        return dupsOkBatchSize;
    }

    /** Sets the DUPS_OK batch size. */
    public void setDupsOkBatchSize(Integer dupsOkBatchSize) {
        this.dupsOkBatchSize = dupsOkBatchSize;
    }

    /** DUPS_OK_ACKNOWLEDGE: ms a consumed message waits for its batch at most (default: provider's, 50). */
    public Long getDupsOkBatchMillis() {
        return dupsOkBatchMillis;
    }

    /** Sets how long a DUPS_OK batch collects at most, in ms. */
    public void setDupsOkBatchMillis(Long dupsOkBatchMillis) {
        this.dupsOkBatchMillis = dupsOkBatchMillis;
    }

    /**
     * Whether a producer's synchronous sends go over a TCP connection the sending thread drives itself (default:
     * provider's, true unless the system property {@code rocketjms.syncSendsOnCallerThread} is false).
     */
    public Boolean getSyncSendsOnCallerThread() {
        return syncSendsOnCallerThread;
    }

    /** Sets whether synchronous sends run on the caller's thread; false keeps every request on the shared connection. */
    public void setSyncSendsOnCallerThread(Boolean syncSendsOnCallerThread) {
        this.syncSendsOnCallerThread = syncSendsOnCallerThread;
    }

    /**
     * Whether pipelined sends (NON_PERSISTENT without waiting, CompletionListener) made while one of the session is
     * unanswered leave together in one request (default: provider's, true unless the system property
     * {@code rocketjms.coalescePipelinedSends} is false).
     */
    public Boolean getCoalescePipelinedSends() {
        return coalescePipelinedSends;
    }

    /** Sets whether pipelined sends share requests; false makes every send a request of its own. */
    public void setCoalescePipelinedSends(Boolean coalescePipelinedSends) {
        this.coalescePipelinedSends = coalescePipelinedSends;
    }

    private RaSettings.Tuning tuning() {
        return new RaSettings.Tuning(asyncSendWindow, blockOnNonPersistentSend, autoAckWindow, dupsOkBatchSize,
                dupsOkBatchMillis, syncSendsOnCallerThread, coalescePipelinedSends);
    }

    /** Replaces how physical factories are made (tests); null uses the resource adapter's. */
    public void setPhysicalFactories(PhysicalFactories factories) {
        this.factories = factories;
    }

    PhysicalFactories factories() {
        if (factories != null) {
            return factories;
        }
        return resourceAdapter != null ? resourceAdapter.physicalFactories() : PhysicalFactories.DEFAULT;
    }

    /** The effective settings: this factory's properties over the resource adapter's, for {@code cri}'s user. */
    public RaSettings settings(ConnectionRequestInfo cri) {
        String url = connectionURL != null ? connectionURL
                : resourceAdapter != null && resourceAdapter.getConnectionURL() != null
                ? resourceAdapter.getConnectionURL() : RaSettings.DEFAULT_URL;
        String user = userName != null ? userName : resourceAdapter != null ? resourceAdapter.getUserName() : null;
        String pwd = password != null ? password : resourceAdapter != null ? resourceAdapter.getPassword() : null;
        if (cri instanceof RocketConnectionRequestInfo r && r.userName() != null) {
            user = r.userName();
            pwd = r.password();
        }
        return new RaSettings(url, user, pwd, clientID, prefetch, sendTimeout, retries, trustedPackages, tuning());
    }

    // ------------------------------------------------------------------ SPI

    @Override
    public Object createConnectionFactory(ConnectionManager cm) throws ResourceException {
        return new RocketRaConnectionFactory(this, cm);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        return new RocketRaConnectionFactory(this, new DefaultConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo cri)
            throws ResourceException {
        RaSettings s = settings(credentials(subject, cri));
        return new RocketManagedConnection(this, s, credentials(subject, cri));
    }

    /** The request info for a subject (container-managed sign-on) or the application's request info. */
    private RocketConnectionRequestInfo credentials(Subject subject, ConnectionRequestInfo cri) {
        if (subject != null) {
            for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
                if (pc.getManagedConnectionFactory() == null || equals(pc.getManagedConnectionFactory())) {
                    return new RocketConnectionRequestInfo(pc.getUserName(), new String(pc.getPassword()));
                }
            }
        }
        if (cri instanceof RocketConnectionRequestInfo r) {
            return r;
        }
        return new RocketConnectionRequestInfo(null, null);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connectionSet, Subject subject, ConnectionRequestInfo cri)
            throws ResourceException {
        if (connectionSet == null) {
            return null;
        }
        RocketConnectionRequestInfo wanted = credentials(subject, cri);
        for (Object o : connectionSet) {
            if (o instanceof RocketManagedConnection mc && mc.factory().equals(this) && mc.isUsable()
                    && mc.requestInfo().equals(wanted)) {
                return mc;
            }
        }
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (ra != null && !(ra instanceof RocketResourceAdapter)) {
            throw new ResourceException("resource adapter " + ra + " is not a RocketResourceAdapter");
        }
        this.resourceAdapter = (RocketResourceAdapter) ra;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return factories().supportsXa() ? TransactionSupportLevel.XATransaction
                : TransactionSupportLevel.LocalTransaction;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof RocketManagedConnectionFactory f
                && Objects.equals(connectionURL, f.connectionURL) && Objects.equals(userName, f.userName)
                && Objects.equals(password, f.password) && Objects.equals(clientID, f.clientID)
                && Objects.equals(prefetch, f.prefetch) && Objects.equals(sendTimeout, f.sendTimeout)
                && Objects.equals(retries, f.retries) && Objects.equals(trustedPackages, f.trustedPackages)
                && tuning().equals(f.tuning()) && resourceAdapter == f.resourceAdapter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionURL, userName, clientID, prefetch, sendTimeout, retries, trustedPackages,
                tuning());
    }

    @Override
    public String toString() {
        return "RocketManagedConnectionFactory[" + settings(null) + ']';
    }
}
