package org.rocketjms.jms.impl;

import java.io.Serializable;
import java.util.Arrays;

import javax.transaction.xa.Xid;

import org.rocketjms.remoting.protocol.broker.XaBranchId;

/** A prepared branch's Xid as {@link JmsXAResource#recover} returns it; equal to any Xid with the same three parts. */
public final class RecoveredXid implements Xid, Serializable {
    private static final long serialVersionUID = 1L;
    private final int formatId;
    private final byte[] gtrid;
    private final byte[] bqual;

    RecoveredXid(XaBranchId b) {
        this.formatId = b.formatId();
        this.gtrid = b.gtrid();
        this.bqual = b.bqual();
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return gtrid.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return bqual.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xid x && formatId == x.getFormatId() && Arrays.equals(gtrid, x.getGlobalTransactionId())
                && Arrays.equals(bqual, x.getBranchQualifier());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
    }

    @Override
    public String toString() {
        return new XaBranchId(formatId, gtrid, bqual).encode();
    }
}
