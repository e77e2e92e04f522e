package org.rocketjms.broker.processor;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.transaction.TransactionOpRecord;
import org.rocketjms.broker.transaction.TransactionalMessageService;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader;
import org.rocketjms.remoting.protocol.broker.TransactionAckListCodec;

/**
 * END_TRANSACTION: commits (publish the half messages and apply the body's acks together) or rolls back (discard
 * them and make the body's receipts visible again); answers once the outcome is durable, and a commit's answer also
 * passes producer flow control (held while a destination it published to is full). Runs on its own executor because
 * it waits for the store.
 */
public final class EndTransactionProcessor implements RequestProcessor {
    private final BrokerController broker;

    /** @param broker the broker */
    public EndTransactionProcessor(BrokerController broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        EndTransactionRequestHeader h = request.decodeHeader(EndTransactionRequestHeader::decode);
        List<TransactionOpRecord.Ack> acks = new ArrayList<>();
        for (TransactionAckListCodec.Entry e : TransactionAckListCodec.decode(request.getBody())) {
            TransactionOpRecord.Ack a = new TransactionOpRecord.Ack();
            a.group = e.group();
            a.topic = e.topic();
            a.handles.addAll(e.handles());
            acks.add(a);
        }
        TransactionalMessageService.EndResult r = broker.getTransactionalMessageService().end(h.transactionId(),
                h.commit(), acks);
        RemotingCommand resp = switch (r.outcome()) {
            case OK -> Responses.of(request, ResponseCode.SUCCESS, r.detail() == null ? null
                    : r.detail() + " acks of the transaction were stale (acked or redelivered meanwhile)");
            case NOT_FOUND -> Responses.of(request, BrokerResponseCode.TRANSACTION_NOT_FOUND, r.detail());
            case STORE_FAILED -> Responses.of(request, BrokerResponseCode.SERVICE_NOT_AVAILABLE, r.detail());
            case STOPPED -> Responses.of(request, ResponseCode.SYSTEM_ERROR, r.detail());
        };
        if (!r.published().isEmpty() && !request.isOneway()) { // only a successful commit publishes
            broker.getFlowControl().answerCommit(r.published(), channel, resp); // held while a destination is full
            return null;
        }
        return resp;
    }
}
