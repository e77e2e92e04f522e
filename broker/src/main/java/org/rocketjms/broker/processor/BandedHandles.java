package org.rocketjms.broker.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.rocketjms.broker.pop.AckStateManager;
import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.remoting.protocol.broker.ReceiptHandle;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;

/**
 * Applies receipts that a request names under a topic to that topic or its high priority band, as each receipt
 * says (a high-band message is shown to clients under its base topic, its receipt names the band).
 */
final class BandedHandles {
    private BandedHandles() {
    }

    private static Map<String, List<ReceiptHandle>> split(String topic, List<ReceiptHandle> handles) {
        Map<String, List<ReceiptHandle>> out = new LinkedHashMap<>();
        String high = DeliveryRouter.highBand(topic);
        for (ReceiptHandle h : handles) {
            String t = high.equals(h.topic()) ? high : topic;
            out.computeIfAbsent(t, x -> new ArrayList<>()).add(h);
        }
        return out;
    }

    /** Acks the receipts on the topic and its high band ({@code lazyFlush}: see {@link AckStateManager#ack}). */
    static AckStateManager.HandleResult ack(AckStateManager acks, String group, String topic,
                                            List<ReceiptHandle> handles, boolean lazyFlush) {
        Map<String, List<ReceiptHandle>> parts = split(topic, handles);
        if (parts.size() <= 1) {
            String t = parts.isEmpty() ? topic : parts.keySet().iterator().next();
            return acks.ack(group, t, handles, lazyFlush);
        }
        List<String> invalid = new ArrayList<>();
        List<CompletableFuture<PutMessageResult>> fs = new ArrayList<>();
        int done = 0;
        for (Map.Entry<String, List<ReceiptHandle>> e : parts.entrySet()) {
            AckStateManager.HandleResult r = acks.ack(group, e.getKey(), e.getValue(), lazyFlush);
            invalid.addAll(r.invalid());
            fs.add(r.durable());
            done += r.done();
        }
        CompletableFuture<PutMessageResult> all = CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> {
                    for (CompletableFuture<PutMessageResult> f : fs) {
                        PutMessageResult r = f.join();
                        if (r != null && r.status() != PutMessageStatus.PUT_OK) {
                            return r;
                        }
                    }
                    return fs.get(0).join();
                });
        return new AckStateManager.HandleResult(done, invalid, all);
    }

    /** Changes the visibility of the receipts on the topic and its high band (see AckStateManager). */
    static AckStateManager.HandleResult changeInvisibleTime(AckStateManager acks, String group, String topic,
                                                            List<ReceiptHandle> handles, long millis, boolean unseen) {
        List<String> invalid = new ArrayList<>();
        int done = 0;
        for (Map.Entry<String, List<ReceiptHandle>> e : split(topic, handles).entrySet()) {
            AckStateManager.HandleResult r = acks.changeInvisibleTime(group, e.getKey(), e.getValue(), millis, unseen);
            invalid.addAll(r.invalid());
            done += r.done();
        }
        return new AckStateManager.HandleResult(done, invalid, CompletableFuture.completedFuture(null));
    }
}
