package org.rocketjms.broker.processor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.EncodedStringMap;
import org.rocketjms.remoting.protocol.broker.WireMessage;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.RawProperties;
import org.rocketjms.store.StoredMessage;
import org.rocketjms.store.commitlog.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers shared by the processors: store results to response codes, records to wire messages, addresses. */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /** A response to {@code request} with a code and remark. */
    public static RemotingCommand of(RemotingCommand request, int code, String remark) {
        return RemotingCommand.createResponseTo(request, code, remark);
    }

    /** Maps a failed put to a response code with the store's remark. */
    public static RemotingCommand putFailure(RemotingCommand request, PutMessageResult r) {
        int code = switch (r.status()) {
            case MESSAGE_ILLEGAL -> BrokerResponseCode.MESSAGE_ILLEGAL;
            case FLUSH_DISK_TIMEOUT -> BrokerResponseCode.FLUSH_DISK_TIMEOUT;
            case DISK_FULL -> BrokerResponseCode.DISK_FULL;
            case SERVICE_NOT_AVAILABLE -> BrokerResponseCode.SERVICE_NOT_AVAILABLE;
            default -> BrokerResponseCode.STORE_ERROR;
        };
        String remark = r.remark() != null ? r.remark() : "the store refused the message: " + r.status();
        return of(request, code, remark);
    }

    /** A stored record as a wire message. */
    public static WireMessage toWire(StoredMessage m, int deliveryCount, String receipt) {
        return toWire(m, m.topic(), deliveryCount, receipt);
    }

    /** A stored record as a wire message shown under {@code topic} (a band's base topic). */
    public static WireMessage toWire(StoredMessage m, String topic, int deliveryCount, String receipt) {
        return new WireMessage(topic, m.queueId(), m.queueOffset(), m.physicalOffset(), m.storeTimestamp(),
                m.bornTimestamp(), deliveryCount, m.flags(), wireProperties(m.properties()), m.body(), receipt);
    }

    /** A stored message's properties as the response body will carry them: converted bytes, no strings, if raw. */
    static Map<String, String> wireProperties(Map<String, String> props) {
        if (props instanceof RawProperties raw) {
            return new EncodedStringMap(raw.size(), raw.toIntPrefixedEntries());
        }
        return props;
    }

    /** Decodes records returned by the store. */
    public static List<WireMessage> toWire(List<ByteBuffer> records) {
        List<WireMessage> out = new ArrayList<>(records.size());
        for (ByteBuffer b : records) {
            out.add(toWire(RecordCodec.decode(b, 0, true), 0, null));
        }
        return out;
    }

    /** Decodes records returned by the store, shown under {@code topic} (a band's base topic). */
    public static List<WireMessage> toWire(List<ByteBuffer> records, String topic) {
        List<WireMessage> out = new ArrayList<>(records.size());
        for (ByteBuffer b : records) {
            out.add(toWire(RecordCodec.decode(b, 0, true), topic, 0, null));
        }
        return out;
    }

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.%]+");

    /** Parses {@code host:port} of an IP literal without name lookups; null if it cannot. */
    public static InetSocketAddress parseAddress(String addr) {
        if (addr == null) {
            return null;
        }
        int colon = addr.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(addr.substring(colon + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            LOG.debug("cannot parse address {}", addr, e);
            return null;
        }
    }
}
