package org.rocketjms.jms.xa;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import javax.transaction.xa.Xid;

/** A transaction manager's Xid for tests: formatId 4660, gtrid "gtrid-N", bqual "bq-N" (or given bytes). */
public final class TestXid implements Xid {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final int formatId;
    private final byte[] gtrid;
    private final byte[] bqual;

    public TestXid(int formatId, byte[] gtrid, byte[] bqual) {
        this.formatId = formatId;
        this.gtrid = gtrid;
        this.bqual = bqual;
    }

    /** A fresh Xid. */
    public static TestXid next() {
        int n = SEQ.incrementAndGet();
        return new TestXid(4660, ("gtrid-" + n + "-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8),
                ("bq-" + n).getBytes(StandardCharsets.UTF_8));
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

    /** Whether {@code x} has the same three parts (Xid implementations need not implement equals). */
    public boolean sameAs(Xid x) {
        return x.getFormatId() == formatId && Arrays.equals(x.getGlobalTransactionId(), gtrid)
                && Arrays.equals(x.getBranchQualifier(), bqual);
    }

    @Override
    public String toString() {
        return formatId + ":" + new String(gtrid, StandardCharsets.UTF_8) + ":" + new String(bqual, StandardCharsets.UTF_8);
    }
}
