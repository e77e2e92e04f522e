package org.rocketjms.broker.processor;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.rocketjms.broker.BrokerController;
import org.rocketjms.broker.longpolling.PullRequestHoldService;
import org.rocketjms.broker.timer.DeliveryRouter;
import org.rocketjms.broker.transaction.TransactionalMessageService;
import org.rocketjms.broker.topic.TopicConfig;
import org.rocketjms.broker.topic.TopicConfigManager;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.RequestProcessor;
import org.rocketjms.remoting.exception.RemotingCommandException;
import org.rocketjms.remoting.protocol.RemotingCommand;
import org.rocketjms.remoting.protocol.ResponseCode;
import org.rocketjms.remoting.protocol.broker.BrokerRequestCode;
import org.rocketjms.remoting.protocol.broker.BrokerResponseCode;
import org.rocketjms.remoting.protocol.broker.EndTransactionRequestHeader;
import org.rocketjms.remoting.protocol.broker.MessageBatchCodec;
import org.rocketjms.remoting.protocol.broker.PropertiesCodec;
import org.rocketjms.remoting.protocol.broker.SendMessageRequestHeader;
import org.rocketjms.remoting.protocol.broker.SendMessageResponseHeader;
import org.rocketjms.store.MessageProperties;
import org.rocketjms.store.PutMessageResult;
import org.rocketjms.store.PutMessageStatus;
import org.rocketjms.store.StoreMessage;
import org.rocketjms.store.commitlog.CommitLog;
import org.rocketjms.store.commitlog.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SEND_MESSAGE and SEND_BATCH_MESSAGE: validates the topic (auto-creating it when enabled), picks a queue when
 * the client left it to the broker, appends to the store and answers when the store's future completes
 * (asynchronously; the processor thread never waits for the flush). Prepared (transactional) messages become half
 * messages of their transaction; others are placed by {@link DeliveryRouter} (delivery-delay timer, priority band).
 */
public final class SendMessageProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SendMessageProcessor.class);

    private final BrokerController broker;
    private final AtomicInteger queueSelector = new AtomicInteger();

    private final boolean flushInline;

    /** @param broker the broker whose store and topics are used; each request runs the group commit itself */
    public SendMessageProcessor(BrokerController broker) {
        this(broker, true);
    }

    /**
     * @param broker      the broker whose store and topics are used
     * @param flushInline true: each request calls {@code MessageStore.flushPending()} after appending; false: the
     *                    caller does (the ordered per-connection dispatch calls it once its queue ran empty, so a
     *                    client's pipelined sends share one force)
     */
    public SendMessageProcessor(BrokerController broker, boolean flushInline) {
        this.broker = broker;
        this.flushInline = flushInline;
    }

    /**
     * True for a send that is answered only after its flush (a synchronous PERSISTENT send): its latency is a round
     * trip plus a force, so it is worth processing on the I/O thread. Sends answered at once (NON_PERSISTENT,
     * transaction halves) stay on the send pool, which keeps the I/O threads free to read and answer consumers
     * while producers stream. A header that cannot be read goes to the pool, where the processor reports it.
     */
    public static boolean answersAfterFlush(RemotingCommand request) {
        try {
            return SendMessageRequestHeader.waitsForStore(request.getExtFields());
        } catch (RemotingCommandException e) {
            LOG.debug("unreadable send header from the I/O thread's view; the send pool processes it", e);
            return false;
        }
    }

    @Override
    public RemotingCommand processRequest(RemotingChannel channel, RemotingCommand request)
            throws RemotingCommandException {
        SendMessageRequestHeader h = request.decodeHeader(SendMessageRequestHeader::decode);
        String invalid = TopicConfigManager.validateName(h.topic());
        if (invalid != null) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, invalid);
        }
        TopicConfig tc = broker.getTopicConfigManager().get(h.topic());
        if (tc == null) {
            if (TopicConfigManager.isExplicitOnly(h.topic())) {
                return Responses.of(request, BrokerResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic()
                        + " does not exist (any more): temporary destinations are created only explicitly and"
                        + " vanish with their connection");
            }
            if (!broker.getBrokerConfig().isAutoCreateTopicEnable()) {
                return Responses.of(request, BrokerResponseCode.TOPIC_NOT_EXIST, "topic " + h.topic()
                        + " does not exist on broker " + broker.getBrokerConfig().getBrokerName()
                        + " and autoCreateTopicEnable is false");
            }
            tc = broker.getTopicConfigManager().createIfAbsent(h.topic(),
                    broker.getBrokerConfig().getDefaultTopicQueueNums(), false);
        }
        if (tc.isSystem()) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "topic " + h.topic()
                    + " is a broker system topic and cannot be written by clients");
        }
        if ((tc.getPerm() & TopicConfig.PERM_WRITE) == 0) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "topic " + h.topic() + " is not writable");
        }
        int queueId = h.queueId();
        if (queueId < 0) {
            queueId = Math.floorMod(queueSelector.getAndIncrement(), tc.getWriteQueueNums());
        } else if (queueId >= tc.getWriteQueueNums()) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "queueId " + queueId + " of topic "
                    + h.topic() + " does not exist (it has " + tc.getWriteQueueNums() + " queues)");
        }
        InetSocketAddress bornHost = channel.remoteSocketAddress();
        List<StoreMessage> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int prepared = 0;
        if (request.getCode() == BrokerRequestCode.SEND_BATCH_MESSAGE) {
            for (MessageBatchCodec.Entry e : MessageBatchCodec.decode(request.getBody())) {
                batch.add(toStore(h.topic(), queueId, e.flags(), e.bornTimestamp(), e.properties(), e.body(), bornHost,
                        h.waitStoreMsgOK(), ids));
                prepared += TransactionalMessageService.isPrepared(e.flags()) ? 1 : 0;
            }
        } else {
            batch.add(toStore(h.topic(), queueId, h.flags(), h.bornTimestamp(), PropertiesCodec.decode(h.properties()),
                    request.getBody(), bornHost, h.waitStoreMsgOK(), ids));
            prepared += TransactionalMessageService.isPrepared(h.flags()) ? 1 : 0;
        }
        if (prepared > 0 && prepared != batch.size()) {
            return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "a batch must not mix transactional"
                    + " (prepared) and plain messages");
        }
        // a transaction's sends are refused too (under FAIL): the client then rolls the transaction back at commit
        String full = broker.getFlowControl().refusal(h.topic(), batch.size());
        if (full != null) {
            return Responses.of(request, BrokerResponseCode.DESTINATION_FULL, full);
        }
        String transactionId = null;
        String txClientId = null;
        long now = System.currentTimeMillis();
        if (prepared > 0) {
            transactionId = request.getExtFields() == null ? null : request.getExtFields().get("transactionId");
            if (transactionId == null) {
                transactionId = batch.get(0).getProperty(EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID);
            }
            if (transactionId == null || transactionId.isEmpty()) {
                return Responses.of(request, BrokerResponseCode.INVALID_REQUEST, "a prepared (transactional) message"
                        + " needs a transaction id (property " + EndTransactionRequestHeader.PROPERTY_TRANSACTION_ID
                        + ")");
            }
            String refused = broker.getTransactionalMessageService().refuseHalf(transactionId);
            if (refused != null) {
                return Responses.of(request, BrokerResponseCode.XA_PROTOCOL_ERROR, refused);
            }
            txClientId = batch.get(0).getProperty(EndTransactionRequestHeader.PROPERTY_CLIENT_ID);
            for (StoreMessage m : batch) {
                TransactionalMessageService.toHalf(m, transactionId, txClientId);
            }
        } else {
            for (StoreMessage m : batch) {
                DeliveryRouter.route(m, now);
            }
            if (request.getCode() == BrokerRequestCode.SEND_BATCH_MESSAGE
                    && SendMessageRequestHeader.isCoalesced(request.getExtFields())) {
                return putCoalesced(channel, request, h.topic(), queueId, batch, ids);
            }
        }
        // this thread has nothing else to do: it runs the group commit itself when none runs (flushPending below)
        // consumers waiting for these messages are answered from this thread, before the flush below (or the
        // ordered dispatch's) so that their POP records share this send's group commit
        PullRequestHoldService holds = broker.getPullRequestHoldService();
        CompletableFuture<PutMessageResult> f;
        broker.getMessageStore().deferFlushToCaller(); // the POP records of those consumers too
        holds.collectWakes();
        try {
            f = broker.getMessageStore().putMessages(batch, true);
        } finally {
            holds.runCollectedWakes();
        }
        final int qid = queueId;
        final String txId = transactionId;
        final String txClient = txClientId;
        final int count = batch.size();
        f.whenComplete((r, ex) -> {
            if (txId != null && ex == null && r.isOk()) {
                broker.getTransactionalMessageService().halvesStored(txId, txClient, channel, r.queueOffset(), count);
            }
            RemotingCommand response = toResponse(request, r, ex, qid, ids);
            if (request.isOneway()) {
                if (response.getCode() != ResponseCode.SUCCESS) {
                    LOG.warn("oneway send to {} from {} failed: {}", h.topic(), channel.remoteAddress(),
                            response.getRemark());
                }
                return; // nobody waits for the answer of a oneway request
            }
            if (txId == null && response.getCode() == ResponseCode.SUCCESS) {
                broker.getFlowControl().answer(h.topic(), count, channel, response); // held while it is full
            } else {
                channel.writeResponse(response);
            }
        });
        if (flushInline) {
            broker.getMessageStore().flushPending();
        }
        return null;
    }

    /**
     * Stores a coalesced batch: independent sends the client put into one request. It is stored as one batch; only
     * when the store refuses that before storing anything (a message above maxMessageSize, or together more than a
     * commit-log file) are the messages stored one chunk at a time, each message above the limit refused alone (as
     * it would have been sent alone). The answer (SUCCESS) names the refused messages with their code and remark.
     */
    private RemotingCommand putCoalesced(RemotingChannel channel, RemotingCommand request, String topic, int queueId,
                                         List<StoreMessage> batch, List<String> ids) {
        int n = batch.size();
        Map<String, String> ext = new java.util.HashMap<>();
        List<CompletableFuture<PutMessageResult>> puts = new ArrayList<>();
        List<int[]> chunkIndexes = new ArrayList<>();
        PullRequestHoldService holds = broker.getPullRequestHoldService();
        broker.getMessageStore().deferFlushToCaller();
        holds.collectWakes();
        try {
            CompletableFuture<PutMessageResult> whole = broker.getMessageStore().putMessages(batch, true);
            if (refusedBeforeStoring(whole)) {
                putInChunks(batch, ext, puts, chunkIndexes);
            } else {
                puts.add(whole);
                chunkIndexes.add(IntStream.range(0, n).toArray());
            }
        } finally {
            holds.runCollectedWakes();
        }
        CompletableFuture.allOf(puts.toArray(new CompletableFuture<?>[0])).whenComplete((v, ignored) -> {
            long queueOffset = -1;
            long wroteOffset = -1;
            for (int c = 0; c < puts.size(); c++) {
                PutMessageResult r = null;
                Throwable ex = null;
                try {
                    r = puts.get(c).join();
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    ex = e.getCause() == null ? e : e.getCause();
                }
                if (ex == null && r.isOk()) {
                    if (queueOffset < 0) {
                        queueOffset = r.queueOffset();
                        wroteOffset = r.wroteOffset();
                    }
                    continue;
                }
                RemotingCommand failure = toResponse(request, r, ex, queueId, ids);
                for (int i : chunkIndexes.get(c)) {
                    SendMessageResponseHeader.putRefusal(ext, i, failure.getCode(), failure.getRemark());
                }
            }
            new SendMessageResponseHeader(String.join(",", ids), queueId, queueOffset, wroteOffset).encode(ext);
            RemotingCommand response = Responses.of(request, ResponseCode.SUCCESS, null);
            response.setExtFields(ext);
            if (request.isOneway()) {
                return;
            }
            broker.getFlowControl().answer(topic, n, channel, response); // held while the destination is full
        });
        if (flushInline) {
            broker.getMessageStore().flushPending();
        }
        return null;
    }

    /** Whether the store refused a put outright (MESSAGE_ILLEGAL is decided before anything is written). */
    private static boolean refusedBeforeStoring(CompletableFuture<PutMessageResult> put) {
        return put.isDone() && !put.isCompletedExceptionally()
                && put.join().status() == PutMessageStatus.MESSAGE_ILLEGAL;
    }

    /**
     * The slow path of {@link #putCoalesced}: refuses each message above maxMessageSize into {@code ext} and stores
     * the others in order, in chunks of at most maxMessageSize (so each fits a commit-log file), adding each chunk's
     * put and its messages' indexes.
     */
    private void putInChunks(List<StoreMessage> batch, Map<String, String> ext,
                             List<CompletableFuture<PutMessageResult>> puts, List<int[]> chunkIndexes) {
        int max = broker.getBrokerConfig().getStoreConfig().getMaxMessageSize();
        List<StoreMessage> chunk = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        long chunkBytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            StoreMessage m = batch.get(i);
            int props = RecordCodec.propertiesLength(m.getProperties());
            String tooLarge = CommitLog.sizeRefusal(m.getBody().length, props, max);
            if (tooLarge != null) {
                SendMessageResponseHeader.putRefusal(ext, i, BrokerResponseCode.MESSAGE_ILLEGAL, tooLarge);
                continue;
            }
            long size = (long) m.getBody().length + props + CHUNK_RECORD_OVERHEAD + m.getTopic().length();
            if (!chunk.isEmpty() && chunkBytes + size > max) {
                putChunk(chunk, indexes, puts, chunkIndexes);
                chunk = new ArrayList<>();
                indexes = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(m);
            indexes.add(i);
            chunkBytes += size;
        }
        if (!chunk.isEmpty()) {
            putChunk(chunk, indexes, puts, chunkIndexes);
        }
    }

    private void putChunk(List<StoreMessage> chunk, List<Integer> indexes,
                          List<CompletableFuture<PutMessageResult>> puts, List<int[]> chunkIndexes) {
        puts.add(broker.getMessageStore().putMessages(chunk, true));
        chunkIndexes.add(indexes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Bytes a chunk of a coalesced batch reserves per record beyond payload and topic (the record's fixed fields). */
    private static final int CHUNK_RECORD_OVERHEAD = 256;

    private StoreMessage toStore(String topic, int queueId, int flags, long born, Map<String, String> props,
                                 byte[] body, InetSocketAddress bornHost, boolean wait, List<String> ids) {
        StoreMessage m = new StoreMessage(topic, queueId, body);
        m.setFlags(flags).setBornTimestamp(born).setProperties(props).setBornHost(bornHost)
                .setStoreHost(broker.getStoreHost()).setWaitStoreMsgOK(wait);
        String id = m.getProperty(MessageProperties.UNIQ_KEY);
        if (id == null || id.isEmpty()) {
            id = broker.getMessageIdGenerator().next();
            m.putProperty(MessageProperties.UNIQ_KEY, id);
        }
        ids.add(id);
        return m;
    }

    private static RemotingCommand toResponse(RemotingCommand request, PutMessageResult r, Throwable ex, int queueId,
                                              List<String> ids) {
        if (ex != null) {
            LOG.error("storing a message failed", ex);
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "storing the message failed: " + ex);
        }
        if (!r.isOk()) {
            return Responses.putFailure(request, r);
        }
        RemotingCommand resp = Responses.of(request, ResponseCode.SUCCESS, null);
        Map<String, String> ext = new java.util.HashMap<>();
        new SendMessageResponseHeader(String.join(",", ids), queueId, r.queueOffset(), r.wroteOffset()).encode(ext);
        resp.setExtFields(ext);
        return resp;
    }
}
