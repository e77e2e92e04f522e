package org.rocketjms.remoting.protocol;

/**
 * Request codes: the int in {@link RemotingCommand#getCode()} that selects the processor on the
 * receiving side.
 *
 * <p>Request codes are protocol types. The remoting layer itself defines none; domain modules add
 * theirs here (or in their own classes) in fixed ranges so codes never collide: 0-99 reserved for
 * the remoting layer, 100-199 name server, 300-399 broker, further ranges for later modules. A code
 * keeps its meaning forever once released because it travels on the wire.
 */
public final class RequestCode {

    private RequestCode() {
    }
}
