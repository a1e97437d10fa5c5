package io.osprey.mq.tck.jms.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code osprey standalone} in a child JVM: the launcher's main class on this JVM's test class path, a data folder
 * of its own, both ports picked by the server (port 0) and read back from its ready lines. Its output goes to
 * {@code server.log} in the data folder.
 */
public final class StandaloneServer implements AutoCloseable {
    static final String MAIN = "io.osprey.mq.server.launcher.OspreyMain";
    private static final Pattern NAMESRV_READY = Pattern.compile("Osprey NameServer ready on (\\S+:\\d+)");
    private static final Pattern BROKER_READY = Pattern.compile("Osprey Broker \\S+ ready on (\\S+:\\d+)");

    private final Process process;
    private final Path log;
    private final String nameServer;

    private StandaloneServer(Process process, Path log, String nameServer) {
        this.process = process;
        this.log = log;
        this.nameServer = nameServer;
    }

    /**
     * Starts the server on {@code dataDir} (a new one, or one a previous server left) and returns once both the
     * NameServer and the Broker serve.
     */
    public static StandaloneServer start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    /**
     * As {@link #start(Path)}, with {@code settings} as further {@code -D key=value} options: the keys of the
     * README's tables ({@code jmsMaxDeliveries}, {@code authenticationEnabled}, ...), none of those set here.
     */
    public static StandaloneServer start(Path dataDir, Map<String, String> settings) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("server.log");
        // a restart on the same folder appends: only what this start writes counts
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> arguments = new ArrayList<>(List.of("standalone"));
        List<String> all = new ArrayList<>(List.of(
                "namesrv.listenAddress=127.0.0.1", "namesrv.listenPort=0",
                "listenAddress=127.0.0.1", "listenPort=0", "brokerIP1=127.0.0.1",
                "storePathRootDir=" + dataDir.resolve("store"),
                // small segments: the suite writes little, and a 1 GiB mapped file per run is waste
                "commitLogSegmentBytes=" + (64 << 20)));
        settings.forEach((key, value) -> all.add(key + "=" + value));
        for (String setting : all) {
            arguments.add("-D");
            arguments.add(setting);
        }
        Process process = new ProcessBuilder(ChildJvm.command(List.of(), MAIN, arguments))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            String nameServer = await("standalone server ready (log " + log + ")")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> readyNameServer(process, log, logStart), Optional::isPresent)
                    .orElseThrow();
            return new StandaloneServer(process, log, nameServer);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Optional<String> readyNameServer(Process process, Path log, long logStart) throws IOException {
        byte[] bytes = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
        int from = (int) Math.min(logStart, bytes.length);
        String output = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        if (!process.isAlive()) {
            throw new IllegalStateException("standalone server exited with " + process.exitValue() + ":\n" + output);
        }
        Matcher namesrv = NAMESRV_READY.matcher(output);
        if (namesrv.find() && BROKER_READY.matcher(output).find()) {
            return Optional.of(namesrv.group(1));
        }
        return Optional.empty();
    }

    /** The Osprey URL of the server's NameServer. */
    public String url() {
        return "osprey://" + nameServer;
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as a power cut would stop it (minus the page cache), then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Graceful stop (SIGTERM), SIGKILL when it does not end within 15 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
