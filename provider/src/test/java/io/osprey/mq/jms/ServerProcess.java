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
 * {@code osprey standalone} (NameServer and Broker) in a child JVM on a data folder, both ports picked by the server
 * and read from its ready lines, so that a test can SIGKILL it and start it again on the same data. Its output goes
 * to {@code server.log} in the folder.
 */
final class ServerProcess implements AutoCloseable {
    private static final String MAIN = "io.osprey.mq.server.launcher.OspreyMain";
    private static final Pattern NAMESRV_READY = Pattern.compile("Osprey NameServer ready on (\\S+:\\d+)");
    private static final Pattern BROKER_READY = Pattern.compile("Osprey Broker \\S+ ready on (\\S+:\\d+)");

    private final Process process;
    private final String nameServer;

    private ServerProcess(Process process, String nameServer) {
        this.process = process;
        this.nameServer = nameServer;
    }

    /** Starts the server on {@code dataDir} (new, or left by an earlier one) and returns once both parts serve. */
    static ServerProcess start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("server.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(), MAIN,
                "standalone"));
        for (String setting : List.of("namesrv.listenAddress=127.0.0.1", "namesrv.listenPort=0",
                "listenAddress=127.0.0.1", "listenPort=0", "brokerIP1=127.0.0.1",
                "storePathRootDir=" + dataDir.resolve("store"), "commitLogSegmentBytes=" + (16 << 20))) {
            command.add("-D");
            command.add(setting);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            String nameServer = await("server ready (log " + log + ")").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ready(process, log, logStart), Optional::isPresent).orElseThrow();
            return new ServerProcess(process, nameServer);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Optional<String> ready(Process process, Path log, long logStart) throws IOException {
        byte[] bytes = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
        int from = (int) Math.min(logStart, bytes.length);
        String output = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        if (!process.isAlive()) {
            throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output);
        }
        Matcher namesrv = NAMESRV_READY.matcher(output);
        return namesrv.find() && BROKER_READY.matcher(output).find() ? Optional.of(namesrv.group(1))
                : Optional.empty();
    }

    /** This JVM's test class path (surefire may hide it behind a manifest-only jar). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    String url() {
        return "osprey://" + nameServer;
    }

    /** SIGKILL: no shutdown hook, no snapshot, the sockets just die (the page cache stays). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
