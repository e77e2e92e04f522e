package org.rocketjms.namesrv.processor;

import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.namesrv.NamesrvResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the name server's request processors: turns a malformed header or body (a
 * {@link RemotingCommandException} thrown while handling) into an {@link NamesrvResponseCode#INVALID_REQUEST}
 * response whose remark says what was wrong, instead of the generic {@code SYSTEM_ERROR}. Any other
 * exception is left to the remoting layer, which answers {@code SYSTEM_ERROR}.
 */
public abstract class NamesrvRequestProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(NamesrvRequestProcessor.class);

    @Override
    public final RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request) throws Exception {
        try {
            return handle(channel, request);
        } catch (RemotingCommandException e) {
            LOG.warn("Invalid request code {} from {}: {}", request.getCode(), channel.remoteAddress(), e.getMessage());
            return RemotingCommand.createResponse(NamesrvResponseCode.INVALID_REQUEST, e.getMessage());
        }
    }

    /**
     * Handles one request.
     *
     * @return the response (never null: every name server request is answered at once)
     * @throws RemotingCommandException if the request's header or body is malformed
     */
    protected abstract RemotingCommand handle(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException;
}
