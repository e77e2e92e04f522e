package org.rocketjms.ra.inbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA resource of a delivery session as given to {@code createEndpoint}: it delegates, except that while
 * {@link #rollbackOnly} is set (the listener threw, or dead-lettering failed) {@code end} passes {@code TMFAIL}, so
 * the branch can only roll back whatever the container decides about the exception.
 */
final class RollbackOnlyXAResource implements XAResource {
    private final XAResource delegate;
    volatile boolean rollbackOnly;

    RollbackOnlyXAResource(XAResource delegate) {
        this.delegate = delegate;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        delegate.end(xid, rollbackOnly && flags == TMSUCCESS ? TMFAIL : flags);
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        delegate.start(xid, flags);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return delegate.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        delegate.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        delegate.rollback(xid);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        delegate.forget(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return delegate.recover(flag);
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        return delegate.isSameRM(other instanceof RollbackOnlyXAResource r ? r.delegate : other);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return delegate.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return delegate.setTransactionTimeout(seconds);
    }
}
