package org.rocketjms.remoting;

import org.rocketjms.remoting.protocol.RemotingCommand;

/**
 * Handles the requests of one or more request codes. Runs on the executor it was registered with,
 * never on a network I/O thread, so it may block.
 *
 * <p>The remoting layer guarantees: a returned response is sent with the request's opaque; a null
 * return sends nothing (the processor answers later via {@link RemotingChannel#writeResponse}); a
 * thrown exception is answered with {@code SYSTEM_ERROR} and the exception message as remark; oneway
 * requests never get a response whatever the processor does.
 */
@FunctionalInterface
public interface RequestProcessor {

    /**
     * Processes one request.
     *
     * @param channel the connection the request came from
     * @param request the decoded request
     * @return the response, or null to answer later (or never, for oneway requests)
     * @throws Exception any failure; the peer gets a {@code SYSTEM_ERROR} response
     */
    RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request) throws Exception;

    /**
     * Back-pressure hook checked on the I/O thread before the request is queued; must be cheap and
     * non-blocking. Returning true answers the request with {@code SYSTEM_BUSY} at once.
     */
    default boolean rejectRequest() {
        return false;
    }
}
