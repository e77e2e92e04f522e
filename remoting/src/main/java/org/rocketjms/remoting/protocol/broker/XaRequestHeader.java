package org.rocketjms.remoting.protocol.broker;

import java.util.Map;

import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.CommandHeader;
import org.rocketjms.remoting.protocol.HeaderFields;

/**
 * Header of the XA requests (XA_START … XA_FORGET; XA_RECOVER needs only the client id).
 *
 * @param xid            the branch ({@link XaBranchId#encode()}), null only for XA_RECOVER
 * @param flags          the javax.transaction.xa.XAResource flags of the call (TMNOFLAGS = 0)
 * @param timeoutSeconds XA_START: the branch's transaction timeout (0 = none: the broker's client-gone timeout)
 * @param onePhase       XA_COMMIT: one-phase commit of a branch that was not prepared
 * @param clientId       the calling client's id (as in heartbeats), to tell whether it is still alive
 */
public record XaRequestHeader(String xid, int flags, int timeoutSeconds, boolean onePhase, String clientId)
        implements CommandHeader {

    /** A header naming only a branch and flags. */
    public static XaRequestHeader of(XaBranchId xid, int flags, String clientId) {
        return new XaRequestHeader(xid.encode(), flags, 0, false, clientId);
    }

    @Override
    public void encode(Map<String, String> ext) {
        if (xid != null) {
            ext.put("xid", xid);
        }
        ext.put("flags", Integer.toString(flags));
        if (timeoutSeconds != 0) {
            ext.put("timeout", Integer.toString(timeoutSeconds));
        }
        if (onePhase) {
            ext.put("onePhase", "true");
        }
        if (clientId != null) {
            ext.put("clientId", clientId);
        }
    }

    /** Decodes the header (every field optional here; processors check what their request needs). */
    public static XaRequestHeader decode(Map<String, String> ext) throws RemotingCommandException {
        return new XaRequestHeader(ext.get("xid"), HeaderFields.optionalInt(ext, "flags", 0),
                HeaderFields.optionalInt(ext, "timeout", 0), HeaderFields.optionalBoolean(ext, "onePhase", false),
                ext.get("clientId"));
    }

    /** The branch id, parsed; fails when absent or malformed. */
    public XaBranchId branch() throws RemotingCommandException {
        if (xid == null) {
            throw new RemotingCommandException("the XA request has no xid");
        }
        return XaBranchId.parse(xid);
    }
}
