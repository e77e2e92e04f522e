package org.rocketjms.ra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocketjms.jms.RocketConnectionFactory;

/**
 * Deploys {@code rocketjms-ra.rar} and the test application in a real Jakarta EE 10 server (Payara Micro, Open
 * Liberty, WildFly) against a broker in its own JVM ({@code BrokerStartup standalone} on ephemeral ports,
 * {@code maxDeliveryAttempts=3}) and checks through the servlet: a send in a committed JTA transaction reaches the
 * MDB; a send in a rollback-only transaction is never delivered; the same two with a {@code JMSContext} from
 * {@code cf.createContext()}; an MDB that throws once gets the message again (JMSRedelivered=true, attempt 2); an
 * MDB that always throws sends the message to {@code DLQ.TEST.Q} after 3 deliveries. Timings go to
 * {@code target/it-work/ra-it-report.txt}.
 */
class ServerIT {
    private static final Path RAR = Path.of(System.getProperty("ra.it.rar", "../ra/target/rocketjms-ra.rar"));
    private static final Path WAR = Path.of(System.getProperty("ra.it.war", "target/app.war"));
    private static final Path SERVERS = Path.of(System.getProperty("ra.it.serversDir", "target/servers"));
    private static final Path WORK = Path.of(System.getProperty("ra.it.workDir", "target/it-work"));
    private static final List<String> ENABLED = Arrays.asList(System.getProperty("ra.it.servers",
            "payara,liberty,wildfly").split(","));
    private static final Pattern STARTED = Pattern.compile("RocketJMS standalone started: (rocketjms://\\S+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private Process broker;
    private String brokerUrl;
    private int brokerNamesrvPort;

    @BeforeEach
    void startBroker() throws Exception {
        Files.createDirectories(WORK);
        assertTrue(Files.isRegularFile(RAR), "build the rar first: " + RAR.toAbsolutePath());
        assertTrue(Files.isRegularFile(WAR), "package the war first: " + WAR.toAbsolutePath());
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void startBrokerJvm(Path dir) throws Exception {
        Path data = dir.resolve("broker-data");
        Files.createDirectories(data);
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.rocketjms.broker.BrokerStartup", "standalone", "--data", data.toString(), "--namesrv-port", "0",
                "--broker-port", "0", "-DmaxDeliveryAttempts=3", "-DmappedFileSizeCommitLog=33554432");
        pb.redirectErrorStream(true);
        broker = pb.start();
        processes.add(broker);
        Path log = dir.resolve("broker.log");
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(broker.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("broker exited; see " + log));
        }, "broker-log");
        pump.setDaemon(true);
        pump.start();
        brokerUrl = url.get(120, TimeUnit.SECONDS);
        brokerNamesrvPort = Integer.parseInt(brokerUrl.substring(brokerUrl.lastIndexOf(':') + 1));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path fresh(String name) throws IOException {
        Path dir = WORK.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Files.createDirectories(dir);
        return dir.toAbsolutePath();
    }

    // ------------------------------------------------------------------ servers

    @Test
    void payaraMicro() throws Exception {
        Assumptions.assumeTrue(ENABLED.contains("payara"), "payara not in -Dra.it.servers");
        Path dir = fresh("payara");
        startBrokerJvm(dir);
        int port = freePort();
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("root"));
        String rar = RAR.toAbsolutePath().toString();
        String postboot = String.join("\n",
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener"
                        + ".address=127.0.0.1",
                "create-resource-adapter-config --property ConnectionURL=rocketjms\\://127.0.0.1\\:"
                        + brokerNamesrvPort + " rocketjms-ra",
                "deploy --type rar --name rocketjms-ra " + rar,
                "create-connector-connection-pool --raname rocketjms-ra --connectiondefinition"
                        + " jakarta.jms.ConnectionFactory --transactionsupport XATransaction --ping true rjPool",
                "create-connector-resource --poolname rjPool jms/rjCF",
                "create-admin-object --raname rocketjms-ra --restype jakarta.jms.Queue --property Name=TEST.Q"
                        + " jms/testQueue", "");
        Files.writeString(dir.resolve("postboot.asadmin"), postboot);
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx512m", "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-jar", SERVERS.resolve("payara-micro.jar").toAbsolutePath().toString(), "--nocluster", "--port",
                String.valueOf(port), "--rootdir", dir.resolve("root").toString(), "--postbootcommandfile",
                dir.resolve("postboot.asadmin").toString(), "--deploy", WAR.toAbsolutePath().toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("server.log").toFile());
        processes.add(pb.start());
        String base = "http://127.0.0.1:" + port + "/app/probe";
        awaitReady(base, Duration.ofSeconds(300), dir.resolve("server.log"));
        long bootMillis = millisSince(t0);
        Map<String, Long> timings = checks(base);
        String log = Files.readString(dir.resolve("server.log"));
        assertTrue(log.contains("RocketJMS resource adapter started"), "the RAR's System.Logger reaches the log");
        report("payara-micro-6.2025.3", bootMillis, timings);
    }

    @Test
    void openLiberty() throws Exception {
        Assumptions.assumeTrue(ENABLED.contains("liberty"), "liberty not in -Dra.it.servers");
        Path dir = fresh("liberty");
        startBrokerJvm(dir);
        int port = freePort();
        Path wlp = SERVERS.resolve("liberty/wlp").toAbsolutePath();
        Path usr = dir.resolve("usr");
        Path serverDir = usr.resolve("servers/rj");
        Files.createDirectories(serverDir);
        Files.copy(RAR, serverDir.resolve("rocketjms-ra.rar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(WAR, serverDir.resolve("app.war"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(serverDir.resolve("server.xml"), """
                <server>
                  <featureManager>
                    <feature>servlet-6.0</feature><feature>enterpriseBeansLite-4.0</feature><feature>mdb-4.0</feature>
                    <feature>connectors-2.1</feature><feature>messaging-3.1</feature>
                  </featureManager>
                  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
                  <resourceAdapter id="rj" location="${server.config.dir}/rocketjms-ra.rar">
                    <properties.rj connectionURL="rocketjms://127.0.0.1:%d"/>
                  </resourceAdapter>
                  <jmsConnectionFactory id="rjCF" jndiName="jms/rjCF"><properties.rj/></jmsConnectionFactory>
                  <jmsQueue id="testQueue" jndiName="jms/testQueue"><properties.rj name="TEST.Q"/></jmsQueue>
                  <jmsActivationSpec id="app/ProbeMdb"><properties.rj/></jmsActivationSpec>
                  <webApplication id="app" name="app" location="${server.config.dir}/app.war" contextRoot="/app"/>
                </server>
                """.formatted(port, brokerNamesrvPort));
        long t0 = System.nanoTime();
        runScript(wlp, usr, dir.resolve("server-start.out"), "start", "rj");
        String base = "http://127.0.0.1:" + port + "/app/probe";
        Path messages = serverDir.resolve("logs/messages.log");
        try {
            awaitReady(base, Duration.ofSeconds(300), messages);
            long bootMillis = millisSince(t0);
            Map<String, Long> timings = checks(base);
            String log = Files.readString(messages);
            assertTrue(log.contains("RocketJMS resource adapter started"), "the RAR's System.Logger reaches the log");
            report("open-liberty-25.0.0.3", bootMillis, timings);
        } finally {
            runScript(wlp, usr, dir.resolve("server-stop.out"), "stop", "rj");
        }
    }

    /**
     * The resource-adapters subsystem that the WildFly test puts into {@code standalone.xml} (the README's WildFly
     * snippet is this text with the broker's address).
     */
    static final String WILDFLY_SUBSYSTEM = """
            <subsystem xmlns="urn:jboss:domain:resource-adapters:7.1">
                <resource-adapters>
                    <resource-adapter id="rocketjms-ra.rar">
                        <archive>rocketjms-ra.rar</archive>
                        <transaction-support>XATransaction</transaction-support>
                        <config-property name="ConnectionURL">rocketjms://127.0.0.1:%d</config-property>
                        <connection-definitions>
                            <connection-definition class-name="org.rocketjms.ra.outbound.RocketManagedConnectionFactory"
                                                   jndi-name="java:/jms/rjCF" pool-name="rjCF">
                                <xa-pool>
                                    <min-pool-size>0</min-pool-size>
                                    <max-pool-size>20</max-pool-size>
                                </xa-pool>
                            </connection-definition>
                        </connection-definitions>
                        <admin-objects>
                            <admin-object class-name="org.rocketjms.ra.admin.RaQueue" jndi-name="java:/jms/testQueue"
                                          pool-name="testQueue">
                                <config-property name="Name">TEST.Q</config-property>
                            </admin-object>
                        </admin-objects>
                    </resource-adapter>
                </resource-adapters>
            </subsystem>""";

    /**
     * What the WildFly test adds to the {@code ejb3} subsystem of {@code standalone.xml}, right after
     * {@code </session-bean>}: plain {@code standalone.xml} has no {@code <mdb>} element, and without it no MDB deploys
     * (the default resource adapter name service is missing), even with a {@code jboss-ejb3.xml} binding.
     */
    static final String WILDFLY_MDB = """
            <mdb>
                <resource-adapter-ref resource-adapter-name="rocketjms-ra.rar"/>
                <bean-instance-pool-ref pool-name="mdb-strict-max-pool"/>
            </mdb>""";

    @Test
    void wildFly() throws Exception {
        Assumptions.assumeTrue(ENABLED.contains("wildfly"), "wildfly not in -Dra.it.servers");
        Path dir = fresh("wildfly");
        startBrokerJvm(dir);
        Path home;
        try (Stream<Path> dists = Files.list(SERVERS.resolve("wildfly"))) {
            home = dists.filter(p -> p.getFileName().toString().startsWith("wildfly-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no unpacked WildFly under " + SERVERS.resolve("wildfly")))
                    .toAbsolutePath();
        }
        // a fresh server base directory per run: the unpacked distribution stays untouched
        Path base = dir.resolve("standalone");
        Files.createDirectories(base.resolve("deployments"));
        Path config = base.resolve("configuration");
        Files.createDirectories(config);
        try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, config.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path standaloneXml = config.resolve("standalone.xml");
        String xml = Files.readString(standaloneXml);
        String empty = "<subsystem xmlns=\"urn:jboss:domain:resource-adapters:7.1\"/>";
        assertTrue(xml.contains(empty), "standalone.xml has no empty resource-adapters 7.1 subsystem to replace");
        xml = xml.replace(empty, WILDFLY_SUBSYSTEM.formatted(brokerNamesrvPort).strip());
        String sessionBeans = "</session-bean>";
        assertTrue(xml.contains(sessionBeans) && !xml.contains("<mdb>"), "unexpected ejb3 subsystem in standalone.xml");
        xml = xml.replace(sessionBeans, sessionBeans + "\n" + WILDFLY_MDB.strip());
        // the transaction manager's two fixed sockets would collide with a second server on this machine
        xml = xml.replace("name=\"txn-recovery-environment\" port=\"4712\"",
                "name=\"txn-recovery-environment\" port=\"" + freePort() + "\"");
        xml = xml.replace("name=\"txn-status-manager\" port=\"4713\"",
                "name=\"txn-status-manager\" port=\"" + freePort() + "\"");
        Files.writeString(standaloneXml, xml);
        Files.copy(RAR, base.resolve("deployments/rocketjms-ra.rar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(WAR, base.resolve("deployments/app.war"), StandardCopyOption.REPLACE_EXISTING);

        int port = freePort();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1", "-Djboss.http.port=" + port,
                "-Djboss.https.port=" + freePort(), "-Djboss.management.http.port=" + freePort(),
                "-Djboss.management.https.port=" + freePort(), "-Djboss.ajp.port=" + freePort());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", "-Xmx512m -Djava.io.tmpdir=" + dir);
        pb.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "false");
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("console.log").toFile());
        processes.add(pb.start());
        String url = "http://127.0.0.1:" + port + "/app/probe";
        Path log = base.resolve("log/server.log");
        awaitReady(url, Duration.ofSeconds(300), log, "WFLYCTL0013");
        long bootMillis = millisSince(t0);
        Map<String, Long> timings = checks(url);
        assertTrue(Files.readString(log).contains("RocketJMS resource adapter started"),
                "the RAR's System.Logger reaches the log");
        report("wildfly-37.0.0.Final", bootMillis, timings);
    }

    private void runScript(Path wlp, Path usr, Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", wlp.resolve("bin/server").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WLP_USER_DIR", usr.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JVM_ARGS", "-Xmx512m");
        pb.redirectErrorStream(true);
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        processes.add(p);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "server " + args[0] + " did not return; see " + out);
    }

    // ------------------------------------------------------------------ checks

    private Map<String, Long> checks(String base) throws Exception {
        Map<String, Long> t = new java.util.LinkedHashMap<>();
        long s = System.nanoTime();
        assertEquals("sent", get(base + "?op=send&text=commit-1").trim());
        awaitLine(base, "commit-1 attempt=1 redelivered=false");
        t.put("committed send reaches MDB", millisSince(s));

        s = System.nanoTime();
        assertEquals("sent", get(base + "?op=send&text=rollback-1&rollback=true").trim());
        assertEquals("sent", get(base + "?op=send&text=after-rollback-1").trim());
        awaitLine(base, "after-rollback-1 attempt=1 redelivered=false");
        Thread.sleep(2000);
        assertTrue(get(base + "?op=received").lines().noneMatch(l -> l.startsWith("rollback-1")),
                "a send in a rollback-only transaction must never be delivered");
        t.put("rollback-only send never delivered (incl. 2 s wait)", millisSince(s));

        s = System.nanoTime();
        assertEquals("sent transacted=true", get(base + "?op=sendctx&text=ctx-commit-1").trim(),
                "cf.createContext() in a REQUIRED bean method is transacted");
        awaitLine(base, "ctx-commit-1 attempt=1 redelivered=false");
        t.put("JMSContext send in committed JTA transaction reaches MDB", millisSince(s));

        s = System.nanoTime();
        assertEquals("sent transacted=true", get(base + "?op=sendctx&text=ctx-rollback-1&rollback=true").trim());
        assertEquals("sent transacted=true", get(base + "?op=sendctx&text=ctx-after-rollback-1").trim());
        awaitLine(base, "ctx-after-rollback-1 attempt=1 redelivered=false");
        Thread.sleep(2000);
        assertTrue(get(base + "?op=received").lines().noneMatch(l -> l.startsWith("ctx-rollback-1")),
                "a JMSContext send in a rollback-only transaction must never be delivered");
        t.put("JMSContext rollback-only send never delivered (incl. 2 s wait)", millisSince(s));

        s = System.nanoTime();
        assertEquals("sent", get(base + "?op=send&text=fail-once-1").trim());
        awaitLine(base, "fail-once-1 attempt=2 redelivered=true");
        t.put("MDB throws once -> redelivered (attempt 2)", millisSince(s));

        s = System.nanoTime();
        assertEquals("sent", get(base + "?op=send&text=fail-always-1").trim());
        try (Connection c = new RocketConnectionFactory(brokerUrl).createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer dlq = session.createConsumer(session.createQueue("DLQ.TEST.Q"));
            TextMessage dead = (TextMessage) dlq.receive(120_000);
            assertNotNull(dead, "the always-failing message must reach DLQ.TEST.Q");
            assertEquals("fail-always-1", dead.getText());
        }
        long attempts = get(base + "?op=received").lines().filter(l -> l.startsWith("fail-always-1 ")).count();
        assertEquals(3, attempts, "delivered maxDeliveryAttempts=3 times before the DLQ");
        t.put("MDB always throws -> DLQ.TEST.Q after 3 attempts", millisSince(s));
        return t;
    }

    private void awaitLine(String base, String line) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < end) {
            last = get(base + "?op=received");
            if (last.lines().anyMatch(line::equals)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the MDB never recorded '" + line + "'; it recorded:\n" + last);
    }

    private void awaitReady(String base, Duration timeout, Path log) throws Exception {
        awaitReady(base, timeout, log, null);
    }

    /** Waits until the servlet answers; fails at once when the log shows {@code failure} (a failed deployment). */
    private void awaitReady(String base, Duration timeout, Path log, String failure) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (failure != null && Files.exists(log) && Files.readString(log).contains(failure)) {
                throw new AssertionError("deployment failed (" + failure + "); see " + log);
            }
            for (Process p : processes) {
                if (!p.isAlive() && p != broker && p.exitValue() != 0) {
                    throw new AssertionError("server process exited with " + p.exitValue() + "; see " + log);
                }
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "?op=received"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
                Thread.onSpinWait();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("server not ready after " + timeout + "; see " + log);
    }

    private String get(String url) throws Exception {
        String encoded = url.replace(" ", URLEncoder.encode(" ", StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(encoded))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static void report(String server, long bootMillis, Map<String, Long> timings) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(server).append(": boot + deploy (broker already up) ").append(bootMillis).append(" ms\n");
        timings.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append(" ms\n"));
        Files.writeString(WORK.resolve("ra-it-report.txt"), b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
