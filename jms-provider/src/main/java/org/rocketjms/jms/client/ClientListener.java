package org.rocketjms.jms.client;

/**
 * Told about the health of a {@link ClientInstance}'s connections; the JMS facade turns these calls into
 * {@code ExceptionListener} notifications. Calls come from the instance's own scheduler thread, one at a time,
 * alternating: lost, restored, lost, ... A listener must not block for long.
 */
public interface ClientListener {

    /**
     * No broker of this client (or, before any broker is known, no name server) could be reached for
     * {@link ClientConfig#getConnectionLossThreshold()} consecutive attempts. The client keeps retrying.
     *
     * @param cause the last failure seen
     */
    void onConnectionLost(Throwable cause);

    /** After {@link #onConnectionLost}, a broker answered again; producers and consumers work again. */
    void onConnectionRestored();
}
