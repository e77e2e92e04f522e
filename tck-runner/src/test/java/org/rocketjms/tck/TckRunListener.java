package org.rocketjms.tck;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.ts.lib.util.TestUtil;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prepares a JVM for the Jakarta Messaging TCK and counts its outcome. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener} on the runner's test classpath.
 *
 * <p>Before the first test it fills in the TCK's system properties that are not already set ({@code jms_timeout},
 * {@code user}, {@code password}, {@code platform.mode}, {@code vehicle}, {@code porting.ts.jmsObjects.class.1}) and initialises the
 * TCK's {@link TestUtil} with the system properties (local logging to the test's standard output, no harness
 * socket). After the last test it
 * prints {@code TCK: N passed, M failed, K skipped} and, when the system property {@code tck.summaryFile} names a
 * file, writes that line there. Tests of a container that failed before they ran (a failing {@code @BeforeAll})
 * count as failed; tests of a skipped container as skipped.
 */
public final class TckRunListener implements TestExecutionListener {
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private volatile TestPlan plan;

    /** Default TCK settings, applied where the system property is not set. */
    static void applyDefaults() {
        System.getProperties().putIfAbsent("jms_timeout", "10000");
        System.getProperties().putIfAbsent("user", TckBroker.USER);
        System.getProperties().putIfAbsent("password", TckBroker.PASSWORD);
        System.getProperties().putIfAbsent("platform.mode", "standalone");
        System.getProperties().putIfAbsent("vehicle", "standalone");
        System.getProperties().putIfAbsent("porting.ts.jmsObjects.class.1", RocketJmsObjects.class.getName());
        Properties p = new Properties();
        p.putAll(System.getProperties());
        TestUtil.initNoLogging(p);
        // TestUtil logs to the writer of the "current test"; until one is named it has none
        TestUtil.setCurrentTest("setup", new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
        applyDefaults();
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            TestUtil.setCurrentTest(id.getDisplayName(), new PrintWriter(System.out, true),
                    new PrintWriter(System.err, true));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        countSubtree(id, skipped);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            if (counted.add(id.getUniqueId())) {
                switch (result.getStatus()) {
                    case SUCCESSFUL -> passed.incrementAndGet();
                    case ABORTED -> skipped.incrementAndGet();
                    default -> failed.incrementAndGet();
                }
            }
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // tests a failed or aborted container never started
            countSubtree(id, result.getStatus() == TestExecutionResult.Status.ABORTED ? skipped : failed);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String line = summary();
        System.out.println(line);
        String file = System.getProperty("tck.summaryFile");
        if (file != null && !file.isBlank()) {
            try {
                Path path = Path.of(file);
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the TCK summary to " + file, e);
            }
        }
    }

    /** {@code TCK: N passed, M failed, K skipped} for what has finished so far. */
    String summary() {
        return "TCK: " + passed.get() + " passed, " + failed.get() + " failed, " + skipped.get() + " skipped";
    }

    private void countSubtree(TestIdentifier id, AtomicInteger bucket) {
        if (id.isTest()) {
            if (counted.add(id.getUniqueId())) {
                bucket.incrementAndGet();
            }
            return;
        }
        TestPlan p = plan;
        if (p != null) {
            for (TestIdentifier d : p.getDescendants(id)) {
                if (d.isTest() && counted.add(d.getUniqueId())) {
                    bucket.incrementAndGet();
                }
            }
        }
    }
}
