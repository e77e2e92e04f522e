package org.rocketjms.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rocketjms.filter.selector.PropertySource;
import org.rocketjms.filter.selector.Selector;
import org.rocketjms.filter.selector.SelectorParseException;
import org.rocketjms.filter.wire.HeaderKeys;
import org.rocketjms.filter.wire.TypedPropertyCodec;

/**
 * Selector cost: parsing a typical selector, evaluating it against typed values, and evaluating it the way the
 * broker does, against the stored (text-encoded) property map through {@link TypedPropertyCodec#propertySource}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelectorBenchmark {
    static final String SELECTOR = "JMSType = 'order' AND price > 100.0 AND region IN ('EU', 'US') "
            + "AND customer LIKE 'acme%' AND JMSPriority >= 4";

    private Selector selector;
    private PropertySource typed;
    private Map<String, String> stored;

    @Setup
    public void setUp() throws SelectorParseException {
        selector = Selector.parse(SELECTOR);
        Map<String, Object> values = new HashMap<>();
        values.put("JMSType", "order");
        values.put("JMSPriority", 4);
        values.put("price", 250.5);
        values.put("region", "EU");
        values.put("customer", "acme-industries");
        typed = values::get;
        stored = new HashMap<>();
        stored.put(HeaderKeys.TYPE, TypedPropertyCodec.encode("order"));
        stored.put(HeaderKeys.PRIORITY, TypedPropertyCodec.encode(4));
        stored.put("price", TypedPropertyCodec.encode(250.5));
        stored.put("region", TypedPropertyCodec.encode("EU"));
        stored.put("customer", TypedPropertyCodec.encode("acme-industries"));
        if (!selector.matches(typed) || !selector.matches(TypedPropertyCodec.propertySource(stored))) {
            throw new IllegalStateException("the benchmark's message must match " + SELECTOR);
        }
    }

    @Benchmark
    public Selector parse() throws SelectorParseException {
        return Selector.parse(SELECTOR);
    }

    @Benchmark
    public boolean matchTypedValues() {
        return selector.matches(typed);
    }

    @Benchmark
    public boolean matchStoredProperties() {
        return selector.matches(TypedPropertyCodec.propertySource(stored));
    }
}
