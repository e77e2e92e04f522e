package org.rocketjms.remoting;

import java.net.InetSocketAddress;

import org.rocketjms.remoting.exception.RemotingConnectException;

/** The {@code host:port} addresses the remoting clients connect to. */
public final class RemotingAddresses {
    private RemotingAddresses() {
    }

    /**
     * Parses {@code host:port} ({@code [v6]:port} too) into an unresolved address.
     *
     * @throws RemotingConnectException if {@code addr} is null, lacks a host or a port, or the port is not 1–65535
     */
    public static InetSocketAddress parse(String addr) throws RemotingConnectException {
        int colon = addr == null ? -1 : addr.lastIndexOf(':');
        if (colon <= 0 || colon == addr.length() - 1) {
            throw new RemotingConnectException("invalid address '" + addr + "', expected host:port");
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new RemotingConnectException("invalid port in address '" + addr + "'", e);
        }
        if (port < 1 || port > 65535) {
            throw new RemotingConnectException("invalid port in address '" + addr + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
