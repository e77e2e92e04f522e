package org.rocketjms.examples.perf;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * The figures of one perf run: counts and rates over the measured window, backlog at its start and end, and the
 * send-call and end-to-end latency histograms (microseconds).
 *
 * @param options          what was run
 * @param topic            whether the destination is a topic (backlog counts every subscriber's copy)
 * @param sent             messages sent (committed, for transacted producers) in the measured window
 * @param received         messages received (committed) in the measured window
 * @param sendSeconds      seconds over which {@code sent} is counted
 * @param windowSeconds    seconds over which {@code received} is counted
 * @param backlogAtStart   sent minus received at the start of the window (times subscribers for a topic)
 * @param backlogAtEnd     the same at its end
 * @param sendLatency      send-call latency of every send in the window
 * @param endToEndLatency  send-to-receive latency of every message received in the window
 * @param incomplete       count mode only: fewer messages than asked were sent or received
 */
public record PerfResult(PerfOptions options, boolean topic, long sent, long received, double sendSeconds,
                         double windowSeconds, long backlogAtStart, long backlogAtEnd, Histogram sendLatency,
                         Histogram endToEndLatency, boolean incomplete) {

    /** Messages sent per second in the window. */
    public double sendRate() {
        return sendSeconds > 0 ? sent / sendSeconds : 0;
    }

    /** Messages received per second in the window. */
    public double receiveRate() {
        return windowSeconds > 0 ? received / windowSeconds : 0;
    }

    /** Backlog growth per second over the window (negative while draining). */
    public double backlogGrowthPerSecond() {
        return windowSeconds > 0 ? (backlogAtEnd - backlogAtStart) / windowSeconds : 0;
    }

    /** The human-readable summary printed after the run. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        PerfOptions o = options;
        String nl = System.lineSeparator();
        b.append(String.format(Locale.ROOT, "perf summary: %s, %d producer(s), %d consumer(s), %d B, %s, %s, rate %s, %s%n",
                o.destinationSpec(), o.producers(), o.consumers(), o.messageSize(),
                o.persistent() ? "PERSISTENT" : "NON_PERSISTENT",
                o.txBatch() > 0 ? "transacted batch " + o.txBatch() : "AUTO_ACKNOWLEDGE",
                o.rate() > 0 ? String.format(Locale.ROOT, "%,d msg/s", o.rate()) : "max",
                o.count() > 0 ? "count " + o.count() : String.format(Locale.ROOT, "warm-up %d s, measured %d s",
                        o.warmupSeconds(), o.durationSeconds())));
        b.append(String.format(Locale.ROOT, "  sent       %,12.0f msg/s  (%,d messages in %.2f s)%n", sendRate(), sent,
                sendSeconds));
        b.append(String.format(Locale.ROOT, "  received   %,12.0f msg/s  (%,d messages in %.2f s)%n", receiveRate(),
                received, windowSeconds));
        b.append(String.format(Locale.ROOT, "  backlog    %,d -> %,d  (%+,.0f msg/s)%n", backlogAtStart, backlogAtEnd,
                backlogGrowthPerSecond()));
        b.append(latencyLine("send latency", sendLatency)).append(nl);
        b.append(latencyLine("end-to-end", endToEndLatency));
        if (incomplete) {
            b.append(nl).append("  INCOMPLETE: fewer messages than --count were sent or received");
        }
        return b.toString();
    }

    private static String latencyLine(String name, Histogram h) {
        if (h.getTotalCount() == 0) {
            return String.format(Locale.ROOT, "  %-12s no samples", name);
        }
        return String.format(Locale.ROOT, "  %-12s p50 %s  p99 %s  p99.9 %s  max %s  (%,d samples)", name,
                micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)),
                micros(h.getValueAtPercentile(99.9)), micros(h.getMaxValue()), h.getTotalCount());
    }

    private static String micros(long v) {
        return v >= 10_000 ? String.format(Locale.ROOT, "%.1f ms", v / 1000.0) : v + " µs";
    }

    /** The result as one JSON object (latencies in microseconds). */
    public String toJson() {
        PerfOptions o = options;
        StringBuilder b = new StringBuilder("{");
        field(b, "destination", o.destinationSpec());
        field(b, "topic", topic);
        field(b, "producers", o.producers());
        field(b, "consumers", o.consumers());
        field(b, "messageSize", o.messageSize());
        field(b, "persistent", o.persistent());
        field(b, "txBatch", o.txBatch());
        field(b, "rate", o.rate());
        field(b, "warmupSeconds", o.warmupSeconds());
        field(b, "durationSeconds", o.durationSeconds());
        field(b, "count", o.count());
        field(b, "sent", sent);
        field(b, "received", received);
        field(b, "sendSeconds", sendSeconds);
        field(b, "windowSeconds", windowSeconds);
        field(b, "sendRate", sendRate());
        field(b, "receiveRate", receiveRate());
        field(b, "backlogAtStart", backlogAtStart);
        field(b, "backlogAtEnd", backlogAtEnd);
        field(b, "backlogGrowthPerSecond", backlogGrowthPerSecond());
        field(b, "incomplete", incomplete);
        b.append("\"sendLatencyMicros\":").append(histogramJson(sendLatency)).append(',');
        b.append("\"endToEndLatencyMicros\":").append(histogramJson(endToEndLatency));
        return b.append('}').toString();
    }

    private static String histogramJson(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "{\"count\":0}";
        }
        return String.format(Locale.ROOT, "{\"count\":%d,\"p50\":%d,\"p99\":%d,\"p999\":%d,\"max\":%d,\"mean\":%.1f}",
                h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean());
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append('"').append(name).append("\":");
        if (value instanceof String s) {
            b.append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        } else if (value instanceof Double d) {
            b.append(String.format(Locale.ROOT, "%.1f", d));
        } else {
            b.append(value);
        }
        b.append(',');
    }
}
