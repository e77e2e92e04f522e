package org.rocketjms.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.rocketjms.remoting.netty.NettyClientConfig;
import org.rocketjms.remoting.netty.NettyRemotingClient;

/** Runs {@link NamesrvStartup} in a child JVM: the "started" line, a working server, clean exit on SIGTERM. */
class NamesrvStartupProcessTest {

    private static final Pattern STARTED = Pattern.compile("started, listening on (\\S+):(\\d+)");

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void printsStartedServesAndStopsOnSigterm() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx64m", "-cp", classPath(),
                NamesrvStartup.class.getName(), "--port", "0", "--bind", "127.0.0.1",
                "-DserverWorkerThreads=1", "-DdefaultThreadPoolNums=1", "-DclientRequestThreadPoolNums=1"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertNotNull(line, "the name server printed nothing");
            Matcher m = STARTED.matcher(line);
            assertTrue(m.find(), "unexpected first line: " + line);
            String addr = "127.0.0.1:" + m.group(2);

            NettyClientConfig cc = new NettyClientConfig();
            cc.setWorkerThreads(1);
            NettyRemotingClient client = new NettyRemotingClient(cc);
            client.start();
            try {
                assertEquals(Set.of(), NamesrvUsageExample.getAllTopics(client, addr).topics());
            } finally {
                client.shutdown();
            }

            // SIGTERM through the handle: Process.destroy() would also close our end of stdout
            assertTrue(p.toHandle().destroy());
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the name server did not stop on SIGTERM");
            assertEquals("RocketJMS name server stopped", out.readLine());
            assertEquals(143, p.exitValue(), "terminated by SIGTERM after running the shutdown hook");
        } finally {
            p.destroyForcibly();
        }
    }

    /** The test JVM's class path, expanded from surefire's manifest-only jar when needed. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isEmpty()) {
            cp = System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, cp.split(Pattern.quote(File.pathSeparator)));
    }
}
