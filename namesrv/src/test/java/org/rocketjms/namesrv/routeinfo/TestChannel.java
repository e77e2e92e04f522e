package org.rocketjms.namesrv.routeinfo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.RemotingCommand;

/** An in-memory {@link RemotingChannel} for registry tests: records whether it was closed. */
final class TestChannel implements RemotingChannel {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "test-" + IDS.incrementAndGet();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public String remoteAddress() {
        return "127.0.0.1:" + (40000 + Integer.parseInt(id.substring(5)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isActive() {
        return !closed;
    }

    @Override
    public void writeResponse(RemotingCommand response) {
        throw new UnsupportedOperationException("registry tests never write responses");
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public Object getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public void setAttribute(String key, Object value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, value);
        }
    }
}
