package org.rocketjms.broker.processor;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.AuthenticateRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTHENTICATE: answers SUCCESS (and marks the connection authenticated with the user name) or NO_PERMISSION with
 * the remark {@value #REFUSED}, never saying whether the user or the password was wrong.
 */
public final class AuthenticateProcessor implements RequestProcessor {
    /** The remark of a refusal. */
    public static final String REFUSED = "invalid user name or password";
    /** Channel attribute holding the authenticated user name ("" for anonymous). */
    public static final String USER_ATTR = "rocketjms.user";
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticateProcessor.class);

    private final BrokerController broker;

    /** @param broker the broker whose authenticator is used */
    public AuthenticateProcessor(BrokerController broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        AuthenticateRequestHeader h = request.decodeHeader(AuthenticateRequestHeader::decode);
        if (!broker.getAuthenticator().authenticate(h.user(), h.password())) {
            LOG.info("authentication of user '{}' from {} refused", h.user(), channel.remoteAddress());
            return Responses.of(request, BrokerResponseCode.NO_PERMISSION, REFUSED);
        }
        channel.setAttribute(USER_ATTR, h.user() == null ? "" : h.user());
        return Responses.of(request, ResponseCode.SUCCESS, null);
    }
}
