package org.rocketjms.ra.it.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the MDB received, one line per delivery: {@code text attempt=N redelivered=B}. */
public final class Deliveries {
    private static final List<String> LINES = new CopyOnWriteArrayList<>();

    private Deliveries() {
    }

    static void add(String line) {
        LINES.add(line);
    }

    /** Every delivery so far, in order. */
    public static List<String> all() {
        return List.copyOf(LINES);
    }
}
