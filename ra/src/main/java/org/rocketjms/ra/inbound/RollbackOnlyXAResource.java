package org.rocketjms.ra.inbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import org.rocketjms.ra.DelegatingXAResource;

/**
 * The XA resource of a delivery session as given to {@code createEndpoint}: it delegates, except that while
 * {@link #rollbackOnly} is set (the listener threw, or dead-lettering failed) {@code end} passes {@code TMFAIL}, so
 * the branch can only roll back whatever the container decides about the exception.
 */
final class RollbackOnlyXAResource extends DelegatingXAResource {
    volatile boolean rollbackOnly;

    RollbackOnlyXAResource(XAResource delegate) {
        super(delegate);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        delegate.end(xid, rollbackOnly && flags == TMSUCCESS ? TMFAIL : flags);
    }
}
