package org.rocketjms.store;

import org.rocketjms.store.config.FlushDiskType;
import org.rocketjms.store.config.MessageStoreConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM program for {@link CrashRecoveryTest}: opens the store with SYNC_FLUSH and appends from several
 * threads forever, printing {@code ACK <queueId> <physicalOffset> <key>} for every append whose future
 * completed with PUT_OK. The parent kills it with SIGKILL at a random moment.
 */
public final class CrashAppender {
    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int cycle = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        MessageStoreConfig cfg = CrashRecoveryTest.config(dir);
        DefaultMessageStore store = new DefaultMessageStore(cfg);
        if (!store.load()) {
            System.err.println("LOAD FAILED");
            System.exit(3);
        }
        store.start();
        PrintStream out = System.out;
        out.println("READY");
        out.flush();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                Random rnd = new Random(cycle * 1000L + id);
                for (long i = 0; ; i++) {
                    String key = "c" + cycle + "-t" + id + "-" + i;
                    byte[] body = new byte[50 + rnd.nextInt(3000)];
                    rnd.nextBytes(body);
                    int queueId = rnd.nextInt(4);
                    StoreMessage m = new StoreMessage("crash", queueId, body).putProperty(MessageProperties.KEYS, key);
                    try {
                        PutMessageResult r = store.putMessage(m).get(30, TimeUnit.SECONDS);
                        if (r.isOk()) {
                            synchronized (out) {
                                out.println("ACK " + queueId + " " + r.wroteOffset() + " " + key + " " + body.length);
                                out.flush();
                            }
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                        return;
                    }
                }
            }, "appender-" + t);
            th.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    static FlushDiskType flush() {
        return FlushDiskType.SYNC_FLUSH;
    }
}
