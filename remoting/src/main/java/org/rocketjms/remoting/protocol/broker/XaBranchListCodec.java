package org.rocketjms.remoting.protocol.broker;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.remoting.exception.RemotingCommandException;

/** Body of the XA_RECOVER response: int count, then each prepared branch as its {@link XaBranchId} text. */
public final class XaBranchListCodec {
    /** Most branches one response carries. */
    public static final int MAX_BRANCHES = 1 << 20;

    private XaBranchListCodec() {
    }

    /** Encodes the branches. */
    public static byte[] encode(List<XaBranchId> branches) {
        BodyWriter w = new BodyWriter(16 + branches.size() * 80);
        w.putInt(branches.size());
        for (XaBranchId b : branches) {
            w.putString(b.encode());
        }
        return w.toByteArray();
    }

    /** Decodes the branches (an empty or absent body is an empty list). */
    public static List<XaBranchId> decode(byte[] body) throws RemotingCommandException {
        if (body == null || body.length == 0) {
            return List.of();
        }
        BodyReader r = new BodyReader(body, "XA branch list");
        int n = r.getCount(MAX_BRANCHES, 4);
        List<XaBranchId> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(XaBranchId.parse(r.getString()));
        }
        r.expectEnd();
        return out;
    }
}
