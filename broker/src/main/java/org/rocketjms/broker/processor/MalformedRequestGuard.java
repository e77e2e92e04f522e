package org.rocketjms.broker.processor;

import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;

/**
 * Wraps a processor so that a request with a missing or malformed header field or body is answered with
 * INVALID_REQUEST and the decoder's explanation, instead of a generic SYSTEM_ERROR.
 */
public final class MalformedRequestGuard implements RequestProcessor {
    private final RequestProcessor delegate;

    /** @param delegate the processor to protect */
    public MalformedRequestGuard(RequestProcessor delegate) {
        this.delegate = delegate;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request) throws Exception {
        try {
            return delegate.processRequest(channel, request);
        } catch (RemotingCommandException e) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "malformed request: " + e.getMessage());
        }
    }

    @Override
    public boolean rejectRequest() {
        return delegate.rejectRequest();
    }
}
