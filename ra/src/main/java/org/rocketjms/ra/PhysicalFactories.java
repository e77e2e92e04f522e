package org.rocketjms.ra;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnectionFactory;
import org.rocketjms.jms.RocketConnectionFactory;
import org.rocketjms.jms.RocketXAConnectionFactory;

/**
 * Makes the provider's connection factories for a set of {@link RaSettings}: plain ones for connections without a
 * global transaction, XA ones for managed connections enlisted in JTA and for transacted MDB delivery. The default
 * uses {@link RocketConnectionFactory} and {@link RocketXAConnectionFactory}; tests replace it.
 */
public interface PhysicalFactories {
    /** A factory for plain connections with {@code settings} (client ID is set on the connection by the caller). */
    ConnectionFactory factory(RaSettings settings);

    /** Whether {@link #xaFactory} is available. */
    boolean supportsXa();

    /** A factory for XA connections with {@code settings}. */
    XAConnectionFactory xaFactory(RaSettings settings) throws JMSException;

    /** The provider's own factories. */
    PhysicalFactories DEFAULT = new PhysicalFactories() {
        @Override
        public ConnectionFactory factory(RaSettings s) {
            RocketConnectionFactory f = new RocketConnectionFactory(s.url());
            configure(f, s);
            return f;
        }

        @Override
        public boolean supportsXa() {
            return true;
        }

        @Override
        public XAConnectionFactory xaFactory(RaSettings s) {
            RocketXAConnectionFactory f = new RocketXAConnectionFactory(s.url());
            configure(f, s);
            return f;
        }
    };

    /** Copies the tuning of {@code s} onto {@code f}. */
    static void configure(RocketConnectionFactory f, RaSettings s) {
        f.setUser(s.userName());
        f.setPassword(s.password());
        ifSet(s.prefetch(), f::setPrefetch);
        ifSet(s.sendTimeout(), f::setSendTimeout);
        ifSet(s.retries(), f::setRetries);
        ifSet(s.trustedPackages(), f::setTrustedPackages);
        RaSettings.Tuning t = s.tuning();
        ifSet(t.asyncSendWindow(), f::setAsyncSendWindow);
        ifSet(t.blockOnNonPersistentSend(), f::setBlockOnNonPersistentSend);
        ifSet(t.autoAckWindow(), f::setAutoAckWindow);
        ifSet(t.dupsOkBatchSize(), f::setDupsOkBatchSize);
        ifSet(t.dupsOkBatchMillis(), f::setDupsOkBatchMillis);
        ifSet(t.syncSendsOnCallerThread(), f::setSyncSendsOnCallerThread);
        ifSet(t.coalescePipelinedSends(), f::setCoalescePipelinedSends);
    }

    /** Applies a setting that is set; an unset (null) one leaves the provider's default. */
    private static <T> void ifSet(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
