package io.osprey.mq.jms;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A master Broker in a child JVM ({@code osprey broker}, the launcher's main class on this JVM's class path), on
 * 127.0.0.1 and a port it picks, registering with the given NameServer; its store in {@code dataDir}, its output
 * appended to {@code broker.log} there. {@link #kill()} is SIGKILL; {@link #start} again on the same folder recovers
 * what the killed one stored (on another port: a restarted master is a new address for the same broker name).
 */
final class BrokerProcess implements AutoCloseable {
    private static final String MAIN = "io.osprey.mq.server.launcher.OspreyMain";
    private static final Pattern READY = Pattern.compile("Osprey Broker \\S+ ready on (\\S+:\\d+)");

    private final Process process;
    private final String address;

    private BrokerProcess(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** Starts master {@code brokerName} and returns once it serves and has registered with {@code nameServer}. */
    static BrokerProcess start(String brokerName, String nameServer, Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("broker.log");
        // a restart on the same folder appends: only what this start writes counts
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), MAIN, "broker"));
        for (String setting : List.of("brokerName=" + brokerName, "namesrvAddr=" + nameServer,
                "listenAddress=127.0.0.1", "listenPort=0", "brokerIP1=127.0.0.1",
                "storePathRootDir=" + dataDir.resolve("store"), "commitLogSegmentBytes=" + (4 << 20))) {
            command.add("-D");
            command.add(setting);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            String address = await(brokerName + " ready (log " + log + ")").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> readyAddress(process, log, logStart), Optional::isPresent).orElseThrow();
            return new BrokerProcess(process, address);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Optional<String> readyAddress(Process process, Path log, long logStart) throws IOException {
        byte[] bytes = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
        int from = (int) Math.min(logStart, bytes.length);
        String output = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        if (!process.isAlive()) {
            throw new IllegalStateException("broker exited with " + process.exitValue() + ":\n" + output);
        }
        Matcher ready = READY.matcher(output);
        return ready.find() ? Optional.of(ready.group(1)) : Optional.empty();
    }

    /** {@code host:port} the broker serves on. */
    String address() {
        return address;
    }

    /** SIGKILL, then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Graceful stop (SIGTERM), SIGKILL when it does not end within 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** This JVM's class path (surefire may hide it behind a manifest-only jar). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
