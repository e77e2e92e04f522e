package org.rocketjms.broker.processor;

import java.util.List;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.ChangeInvisibleTimeRequestHeader;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.remoting.protocol.broker.ReceiptHandleListCodec;

/** CHANGE_INVISIBLE_TIME: a popped message becomes visible again at once (0, a nack) or after the given time. */
public final class ChangeInvisibleTimeProcessor implements RequestProcessor {
    private final BrokerController broker;

    /** @param broker the broker */
    public ChangeInvisibleTimeProcessor(BrokerController broker) {
        this.broker = broker;
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        ChangeInvisibleTimeRequestHeader h = request.decodeHeader(ChangeInvisibleTimeRequestHeader::decode);
        if (h.invisibleTimeMillis() < 0) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "invisibleTimeMillis must be >= 0");
        }
        List<ReceiptHandle> handles = ReceiptHandleListCodec.decode(request.getBody());
        AckStateManager.HandleResult r = BandedHandles.changeInvisibleTime(broker.getAckStateManager(),
                h.consumerGroup(), h.topic(), handles, h.invisibleTimeMillis(), h.unseen());
        if (!r.invalid().isEmpty()) {
            return Responses.of(request, BrokerResponseCode.RECEIPT_HANDLE_INVALID, r.invalid().size() + " of "
                    + handles.size() + " receipt handles are unknown or stale: " + String.join(", ", r.invalid()));
        }
        return Responses.of(request, ResponseCode.SUCCESS, null);
    }
}
