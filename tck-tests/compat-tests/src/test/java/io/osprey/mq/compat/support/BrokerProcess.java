package io.osprey.mq.compat.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a child JVM started through the launcher ({@code OspreyMain broker -D key=value ...}), so that a test
 * can SIGKILL it and start it again on the same store and port. Its stdout and stderr go to a log file next to
 * the store; {@link #start} returns once the launcher printed its ready line.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String MAIN = "io.osprey.mq.server.launcher.OspreyMain";

    private final Process process;
    private final Path log;

    private BrokerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code OspreyMain broker} with {@code config} (BrokerConfig/StoreConfig component names) and waits for
     * "Osprey Broker ... ready on".
     */
    public static BrokerProcess start(Path log, Map<String, String> config) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(testClassPath());
        command.add(MAIN);
        command.add("broker");
        config.forEach((key, value) -> {
            command.add("-D");
            command.add(key + "=" + value);
        });
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BrokerProcess broker = new BrokerProcess(process, log);
        try {
            await("broker process ready (log " + log + ")").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("broker process exited with " + process.exitValue()
                                    + ":\n" + broker.output());
                        }
                        return broker.output().lines()
                                .anyMatch(line -> line.contains("Osprey Broker ") && line.contains(" ready on "));
                    });
        } catch (RuntimeException | Error e) {
            broker.kill();
            throw e;
        }
        return broker;
    }

    /** SIGKILL, then wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the killed broker", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Graceful stop (SIGTERM), SIGKILL if it does not end within 15 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** This JVM's test class path (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
