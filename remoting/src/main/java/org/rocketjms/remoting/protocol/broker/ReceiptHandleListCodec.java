package org.rocketjms.remoting.protocol.broker;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.remoting.exception.RemotingCommandException;

/** Binary body of ACK_MESSAGE and CHANGE_INVISIBLE_TIME: an int count, then receipt handle strings. */
public final class ReceiptHandleListCodec {
    /** Most handles one request may carry. */
    public static final int MAX_HANDLES = 65_536;

    private ReceiptHandleListCodec() {
    }

    /** Encodes the handles. */
    public static byte[] encode(List<String> handles) {
        BodyWriter w = new BodyWriter(handles.size() * 48 + 4);
        w.putInt(handles.size());
        for (String h : handles) {
            w.putString(h);
        }
        return w.toByteArray();
    }

    /** Decodes and parses the handles. */
    public static List<ReceiptHandle> decode(byte[] body) throws RemotingCommandException {
        BodyReader r = new BodyReader(body, "receipt handle list");
        int n = r.getCount(MAX_HANDLES, 4);
        List<ReceiptHandle> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ReceiptHandle.parse(r.getString()));
        }
        r.expectEnd();
        return out;
    }
}
