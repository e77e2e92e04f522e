package org.rocketjms.broker.processor;

import java.util.ArrayList;
import java.util.List;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.transaction.TransactionOpRecord;
import org.rocketjms.broker.transaction.TransactionalMessageService;
import org.rocketjms.broker.transaction.TransactionalMessageService.XaOutcome;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.TransactionAckListCodec;
import org.rocketjms.remoting.protocol.broker.XaBranchId;
import org.rocketjms.remoting.protocol.broker.XaBranchListCodec;
import org.rocketjms.remoting.protocol.broker.XaRequestHeader;

/**
 * The XA requests (XA_START … XA_FORGET) on top of {@link TransactionalMessageService}: each answers SUCCESS or an
 * XA_* response code whose remark says what was wrong. Prepare, commit and rollback answer once their records are
 * durable, so this runs on the transaction executor.
 */
public final class XaTransactionProcessor implements RequestProcessor {
    private final BrokerController broker;

    /** @param broker the broker */
    public XaTransactionProcessor(BrokerController broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        XaRequestHeader h = request.decodeHeader(XaRequestHeader::decode);
        TransactionalMessageService tx = broker.getTransactionalMessageService();
        if (request.getCode() == BrokerRequestCode.XA_RECOVER) {
            RemotingCommand resp = Responses.of(request, ResponseCode.SUCCESS, null);
            resp.setBody(XaBranchListCodec.encode(tx.xaRecover()));
            return resp;
        }
        XaBranchId xid;
        try {
            xid = h.branch();
        } catch (RemotingCommandException e) {
            return Responses.of(request, BrokerResponseCode.XA_INVALID, e.getMessage());
        }
        XaOutcome r = switch (request.getCode()) {
            case BrokerRequestCode.XA_START -> h.timeoutSeconds() < 0
                    ? new XaOutcome(BrokerResponseCode.XA_INVALID, "the XA timeout must not be negative")
                    : tx.xaStart(xid, h.flags(), h.timeoutSeconds(), h.clientId(), channel);
            case BrokerRequestCode.XA_END -> tx.xaEnd(xid, h.flags(), acks(request.getBody()));
            case BrokerRequestCode.XA_PREPARE -> tx.xaPrepare(xid);
            case BrokerRequestCode.XA_COMMIT -> tx.xaCommit(xid, h.onePhase());
            case BrokerRequestCode.XA_ROLLBACK -> tx.xaRollback(xid);
            case BrokerRequestCode.XA_FORGET -> tx.xaForget(xid);
            default -> new XaOutcome(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, "request code " + request.getCode()
                    + " is not an XA request");
        };
        RemotingCommand resp = Responses.of(request, r.code(), r.remark());
        if (!r.published().isEmpty() && !request.isOneway()) {
            broker.getFlowControl().answerCommit(r.published(), channel, resp); // held while a destination is full
            return null;
        }
        return resp;
    }

    private static List<TransactionOpRecord.Ack> acks(byte[] body) throws RemotingCommandException {
        List<TransactionOpRecord.Ack> acks = new ArrayList<>();
        for (TransactionAckListCodec.Entry e : TransactionAckListCodec.decode(body)) {
            TransactionOpRecord.Ack a = new TransactionOpRecord.Ack();
            a.group = e.group();
            a.topic = e.topic();
            a.handles.addAll(e.handles());
            acks.add(a);
        }
        return acks;
    }
}
