package org.rocketjms.remoting.protocol.broker;

import java.util.Arrays;
import java.util.HexFormat;

import org.rocketjms.remoting.exception.RemotingCommandException;

/**
 * An XA transaction branch identifier (the three parts of an X/Open XID) as it travels on the wire and is written to
 * disk: {@code XA:<formatId>:<hex gtrid>:<hex bqual>}. Every byte of the global transaction id and the branch
 * qualifier is kept, so a Xid read back after a restart equals the one the transaction manager gave. The same string
 * is the broker transaction id of the branch's half messages, so XA branches reuse the local-transaction machinery.
 * Immutable; equality is by content.
 */
public final class XaBranchId {
    /** Prefix of the text form; no local transaction id starts with it. */
    public static final String PREFIX = "XA:";
    /** Largest global transaction id and branch qualifier (bytes), as in the XA specification. */
    public static final int MAX_PART = 64;
    private static final HexFormat HEX = HexFormat.of();

    private final int formatId;
    private final byte[] gtrid;
    private final byte[] bqual;
    private final String text;

    /**
     * @param formatId the format id (not -1, which means the null XID)
     * @param gtrid    1 to 64 bytes
     * @param bqual    0 to 64 bytes
     * @throws IllegalArgumentException when a part is missing or too long
     */
    public XaBranchId(int formatId, byte[] gtrid, byte[] bqual) {
        String problem = check(formatId, gtrid, bqual);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.formatId = formatId;
        this.gtrid = gtrid.clone();
        this.bqual = bqual.clone();
        this.text = PREFIX + formatId + ':' + HEX.formatHex(gtrid) + ':' + HEX.formatHex(bqual);
    }

    /** Why the parts do not form a valid branch id, or null when they do. */
    public static String check(int formatId, byte[] gtrid, byte[] bqual) {
        if (formatId == -1) {
            return "the Xid has formatId -1 (the null XID)";
        }
        if (gtrid == null || gtrid.length == 0 || gtrid.length > MAX_PART) {
            return "the Xid's global transaction id must have 1 to " + MAX_PART + " bytes, not "
                    + (gtrid == null ? "none" : gtrid.length);
        }
        if (bqual == null || bqual.length > MAX_PART) {
            return "the Xid's branch qualifier must have 0 to " + MAX_PART + " bytes, not "
                    + (bqual == null ? "none" : bqual.length);
        }
        return null;
    }

    /** Whether {@code transactionId} names an XA branch (rather than a local transaction). */
    public static boolean isXa(String transactionId) {
        return transactionId != null && transactionId.startsWith(PREFIX);
    }

    /** Parses the text form. */
    public static XaBranchId parse(String text) throws RemotingCommandException {
        if (!isXa(text)) {
            throw new RemotingCommandException("not an XA branch id: " + text);
        }
        String[] parts = text.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3) {
            throw new RemotingCommandException("malformed XA branch id (want XA:formatId:gtrid:bqual): " + text);
        }
        try {
            return new XaBranchId(Integer.parseInt(parts[0]), HEX.parseHex(parts[1]), HEX.parseHex(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new RemotingCommandException("malformed XA branch id " + text + ": " + e.getMessage());
        }
    }

    /** The format id. */
    public int formatId() {
        return formatId;
    }

    /** A copy of the global transaction id. */
    public byte[] gtrid() {
        return gtrid.clone();
    }

    /** A copy of the branch qualifier. */
    public byte[] bqual() {
        return bqual.clone();
    }

    /** The text form {@code XA:<formatId>:<hex gtrid>:<hex bqual>}. */
    public String encode() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XaBranchId x && formatId == x.formatId && Arrays.equals(gtrid, x.gtrid)
                && Arrays.equals(bqual, x.bqual);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
