package org.rocketjms.filter.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Smoke test: one compiled selector shared by many threads gives the same answers as one thread. */
class SelectorConcurrencyTest {

    private static final int THREADS = 8;
    private static final int MESSAGES = 2_000;

    @Test
    void oneSelectorManyThreads() throws Exception {
        Selector selector = Selector.parse("(color IN ('red', 'blue') AND weight BETWEEN 100 AND 900)"
                + " OR name LIKE 'x%y_' OR NOT (flag AND n / 3 * 3 = n) OR missing IS NOT NULL");
        List<TestMessage> messages = new ArrayList<>();
        boolean[] expected = new boolean[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            TestMessage message = new TestMessage()
                    .with("color", i % 3 == 0 ? "red" : "green")
                    .with("weight", i % 1000)
                    .with("name", i % 7 == 0 ? "x-" + i + "y!" : "z" + i)
                    .with("flag", i % 2 == 0)
                    .with("n", (long) i);
            messages.add(message);
            expected[i] = selector.matches(message);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int mismatches = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < MESSAGES; i++) {
                            int index = (i + offset * 97) % MESSAGES;
                            if (selector.matches(messages.get(index)) != expected[index]) {
                                mismatches++;
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
