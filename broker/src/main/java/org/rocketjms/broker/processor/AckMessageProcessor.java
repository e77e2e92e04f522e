package org.rocketjms.broker.processor;

import java.util.List;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.AckMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;
import org.rocketjms.store.PutMessageStatus;

/**
 * ACK_MESSAGE: marks popped messages acknowledged and answers only once the ack record is durable. Stale or unknown
 * receipts are answered with RECEIPT_HANDLE_INVALID listing them (the valid ones are still applied).
 */
public final class AckMessageProcessor implements RequestProcessor {
    private final BrokerController broker;
    private final boolean flushInline;

    /**
     * @param broker      the broker
     * @param flushInline true: each request runs {@code MessageStore.flushPending()} when it is processed; false: the
     *                    caller does (the I/O thread, once per socket read)
     */
    public AckMessageProcessor(BrokerController broker, boolean flushInline) {
        this.broker = broker;
        this.flushInline = flushInline;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        AckMessageRequestHeader h = request.decodeHeader(AckMessageRequestHeader::decode);
        List<ReceiptHandle> handles = ReceiptHandleListCodec.decode(request.getBody());
        // the ACK record's flush runs in this thread (finally below) instead of waking the flush thread
        broker.getMessageStore().deferFlushToCaller();
        try {
            AckStateManager.HandleResult r = BandedHandles.ack(broker.getAckStateManager(), h.consumerGroup(),
                    h.topic(), handles, h.lazyFlush());
            if (r.done() > 0) {
                broker.getFlowControl().consumed(h.topic()); // room for producers held by flow control
            }
            answerWhenDurable(channel, request, handles, r);
        } finally {
            if (flushInline) {
                broker.getMessageStore().flushPending(); // make the ACK record durable here if no flush runs
            }
        }
        return null;
    }

    private static void answerWhenDurable(RemotingChannel channel, RemotingCommand request,
                                          List<ReceiptHandle> handles, AckStateManager.HandleResult r) {
        r.durable().whenComplete((res, ex) -> {
            if (ex != null || (res != null && res.status() != PutMessageStatus.PUT_OK)) {
                String why = ex != null ? ex.toString() : res.status() + (res.remark() != null ? ": " + res.remark() : "");
                channel.writeResponse(Responses.of(request, BrokerResponseCode.SERVICE_NOT_AVAILABLE,
                        "the acknowledgement could not be stored durably: " + why));
            } else if (!r.invalid().isEmpty()) {
                channel.writeResponse(Responses.of(request, BrokerResponseCode.RECEIPT_HANDLE_INVALID, r.invalid().size()
                        + " of " + handles.size() + " receipt handles are unknown or stale (acked or redelivered"
                        + " meanwhile): " + String.join(", ", r.invalid())));
            } else {
                channel.writeResponse(Responses.of(request, ResponseCode.SUCCESS, null));
            }
        });
    }
}
