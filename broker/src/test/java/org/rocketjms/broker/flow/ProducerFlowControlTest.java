package org.rocketjms.broker.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocketjms.remoting.RemotingChannel;
import org.rocketjms.remoting.protocol.RemotingCommand;

/** The gates of {@link ProducerFlowControl} on their own, with backlogs set by the test. */
class ProducerFlowControlTest {
    private final Map<String, Long> backlogs = new HashMap<>();
    private final List<RemotingCommand> written = new ArrayList<>();

    private final RemotingChannel channel = new RemotingChannel() {
        private final Map<String, Object> attributes = new HashMap<>();

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public String id() {
            return "test";
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public void writeResponse(RemotingCommand response) {
            written.add(response);
        }

        @Override
        public void close() {
        }

        @Override
        public Object getAttribute(String key) {
            return attributes.get(key);
        }

        @Override
        public void setAttribute(String key, Object value) {
            attributes.put(key, value);
        }
    };

    private ProducerFlowControl blocking(long limit, long maxHoldMillis) {
        return new ProducerFlowControl(limit, ProducerFlowControl.Policy.BLOCK, maxHoldMillis,
                d -> backlogs.getOrDefault(d, 0L));
    }

    private static Map<String, Integer> published(Object... destinationAndCount) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < destinationAndCount.length; i += 2) {
            m.put((String) destinationAndCount[i], (Integer) destinationAndCount[i + 1]);
        }
        return m;
    }

    @Test
    void aCommitPassesItsDestinationsOneAfterTheOtherAndCountsAllItsMessages() {
        ProducerFlowControl fc = blocking(10, 60_000);
        backlogs.put("a", 15L); // the commit's 8 messages are in it
        backlogs.put("b", 12L);
        RemotingCommand answer = RemotingCommand.createResponse(0, null);
        fc.answerCommit(published("a", 8, "b", 2), channel, answer);
        assertEquals(List.of(), written);
        assertEquals(1, fc.heldAnswers());

        backlogs.put("a", 14L); // without the commit's 8: 6, below 10 → released, then held at b (12 > 10)
        fc.consumed("a");
        assertEquals(List.of(), written);
        assertEquals(1, fc.heldAnswers());

        backlogs.put("b", 10L);
        fc.consumed("b");
        assertEquals(List.of(answer), written);
        assertEquals(0, fc.heldAnswers());
    }

    @Test
    void aCommitWithinTheLimitsIsAnsweredAtOnce() {
        ProducerFlowControl fc = blocking(10, 60_000);
        backlogs.put("a", 10L);
        RemotingCommand answer = RemotingCommand.createResponse(0, null);
        fc.answerCommit(published("a", 10), channel, answer);
        assertEquals(List.of(answer), written);
        fc.answerCommit(Map.of(), channel, answer); // published nothing (e.g. a commit of acknowledgements only)
        assertEquals(2, written.size());
    }

    @Test
    void theMaximumHoldBoundsACommitsWholeWaitNotEachGate() throws InterruptedException {
        ProducerFlowControl fc = blocking(10, 1_000);
        backlogs.put("a", 50L);
        backlogs.put("b", 50L);
        RemotingCommand answer = RemotingCommand.createResponse(0, null);
        long t0 = System.nanoTime();
        fc.answerCommit(published("a", 1, "b", 1), channel, answer);
        while (written.isEmpty() && System.nanoTime() - t0 < 5_000_000_000L) {
            Thread.sleep(20);
            fc.sweep(); // the broker sweeps every 20 ms
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of(answer), written);
        // overdue at a after 1 s; at b it is overdue already (its first hold counts), so the next sweep releases it;
        // a hold per gate would have taken 2 s
        assertEquals(true, ms >= 1_000 && ms < 1_900, "released after " + ms + " ms");
    }

    @Test
    void sendAnswersAreHeldBehindAHeldCommitInOrder() {
        ProducerFlowControl fc = blocking(10, 60_000);
        backlogs.put("a", 12L);
        RemotingCommand commit = RemotingCommand.createResponse(0, "commit");
        RemotingCommand send = RemotingCommand.createResponse(0, "send");
        fc.answerCommit(published("a", 2), channel, commit);
        backlogs.put("a", 13L);
        fc.answer("a", channel, send);
        assertEquals(2, fc.heldAnswers());
        backlogs.put("a", 11L); // without the held 3 messages: 8, room for 2: the commit's 2 messages take it
        fc.consumed("a");
        assertEquals(List.of(commit), written);
        backlogs.put("a", 10L); // without the held send's message: 9
        fc.consumed("a");
        assertEquals(List.of(commit, send), written);
    }
}
