package io.osprey.mq.server.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code OspreyMain} in a child JVM with the test classpath, so {@code System.exit}, the shutdown hook and the
 * exit code are the real ones. Both output streams are drained continuously (a full pipe would block the child).
 */
final class LauncherProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private LauncherProcess(Process process) {
        this.process = process;
        this.outReader = drain(process.getInputStream(), out, "stdout");
        this.errReader = drain(process.getErrorStream(), err, "stderr");
    }

    static LauncherProcess start(Path workingDir, Path home, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        if (home != null) {
            command.add("-D" + OspreyMain.HOME_PROPERTY + "=" + home);
        }
        command.add(OspreyMain.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OSPREY_"));
        builder.environment().putAll(environment);
        try {
            return new LauncherProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread drain(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<" + name + " failed: " + e + ">");
            }
        }, "launcher-test-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Waits for the child to end on its own and answers its exit code. */
    int exitCode(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("launcher still running after " + timeoutSeconds + " s; stdout " + out
                    + " stderr " + err);
        }
        // the child has exited, but its last lines may still be in the pipes: read them all before anyone asserts
        outReader.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        errReader.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        return process.exitValue();
    }

    /** Sends SIGTERM, as a service manager stopping the server does. */
    void terminate() {
        process.destroy();
    }

    List<String> stdout() {
        return out;
    }

    List<String> stderr() {
        return err;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
