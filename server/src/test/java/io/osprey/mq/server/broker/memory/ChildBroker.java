package io.osprey.mq.server.broker.memory;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * {@code OspreyMain broker} in a child JVM with a heap of the test's choosing, so that running out of memory is
 * the broker's own failure and not the test's. Its stdout and stderr go to a log file; {@link #start} returns once
 * the ready line names the bound port.
 */
final class ChildBroker implements AutoCloseable {
    private static final String MAIN = "io.osprey.mq.server.launcher.OspreyMain";
    private static final Pattern READY = Pattern.compile("Osprey Broker \\S+ ready on [^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private ChildBroker(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a broker with {@code -Xmx<heap>} and {@code config} as {@code -D key=value}, without a NameServer. */
    static ChildBroker start(Path log, String heap, Map<String, String> config) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(testClassPath());
        command.add(MAIN);
        command.add("broker");
        config.forEach((key, value) -> {
            command.add("-D");
            command.add(key + "=" + value);
        });
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("OSPREY_"));
        Process process = builder.start();
        try {
            int port = await("broker ready (log " + log + ")").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> readyPort(process, log), Optional::isPresent).orElseThrow();
            return new ChildBroker(process, log, port);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Optional<Integer> readyPort(Process process, Path log) throws IOException {
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!process.isAlive()) {
            throw new IllegalStateException("broker exited with " + process.exitValue() + ":\n" + output);
        }
        Matcher ready = READY.matcher(output);
        return ready.find() ? Optional.of(Integer.parseInt(ready.group(1))) : Optional.empty();
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Graceful stop (SIGTERM), SIGKILL if it has not ended within 20 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** This JVM's test class path (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
