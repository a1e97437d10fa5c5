package io.osprey.mq.tck.jms.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code osprey users add} as an operator runs it (README, "Users and authentication"): the launcher in a child JVM,
 * the password on its standard input.
 */
public final class UsersCommand {
    /**
     * PBKDF2 iterations of the hashes written here: the launcher's minimum, not its 600000, because every connection
     * the suite opens would otherwise cost the broker a large fraction of a second of CPU on a small machine.
     */
    private static final int ITERATIONS = 1_000;

    private UsersCommand() {
    }

    /** Adds {@code user} with {@code password} to {@code usersFile} (created when missing). */
    public static void add(Path usersFile, String user, String password) throws IOException, InterruptedException {
        Files.createDirectories(usersFile.toAbsolutePath().getParent());
        Path output = Files.createTempFile(usersFile.toAbsolutePath().getParent(), "users-add-", ".log");
        Process process = new ProcessBuilder(ChildJvm.command(List.of(), StandaloneServer.MAIN, List.of(
                "users", "add", user, "--users-file", usersFile.toString(), "--iterations", "" + ITERATIONS)))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("osprey users add did not end within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("osprey users add " + user + " exited with " + process.exitValue() + ": "
                    + Files.readString(output));
        }
    }
}
