package io.osprey.mq.server.launcher;

import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password for {@code osprey users}: from the terminal, unechoed and asked twice, when there is one;
 * else the first line of standard input, so that scripts and tests can pipe it ({@code echo "$PW" | osprey users
 * add alice}). The password only ever lives in {@code char[]}s, cleared once copied.
 */
final class PasswordPrompt {
    private final LaunchEnvironment launch;

    PasswordPrompt(LaunchEnvironment launch) {
        this.launch = launch;
    }

    /**
     * The new password of {@code user}; the caller clears it after use.
     *
     * @throws RefusedPasswordException when none was given, it is empty or the two entries differ
     * @throws IOException              when standard input cannot be read
     */
    char[] newPassword(String user) throws IOException, RefusedPasswordException {
        if (launch.console().isPresent()) {
            return fromConsole(launch.console().get(), user);
        }
        return fromStandardInput();
    }

    private static char[] fromConsole(Console console, String user) throws RefusedPasswordException {
        char[] first = console.readPassword("New password for %s: ", user);
        if (first == null) {
            throw new RefusedPasswordException("no password given");
        }
        char[] second = console.readPassword("Repeat the password: ");
        try {
            if (second == null || !Arrays.equals(first, second)) {
                throw new RefusedPasswordException("the two passwords differ");
            }
            return nonEmpty(first);
        } catch (RefusedPasswordException e) {
            Arrays.fill(first, '\0');
            throw e;
        } finally {
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    /** The first line, without its line terminator ({@code \n} or {@code \r\n}). */
    private char[] fromStandardInput() throws IOException, RefusedPasswordException {
        // not closed: closing it would close the process's standard input
        Reader reader = new InputStreamReader(launch.in(), StandardCharsets.UTF_8);
        char[] buffer = new char[64];
        int length = 0;
        boolean ended = true;
        for (int c = reader.read(); c != -1; c = reader.read()) {
            ended = false;
            if (c == '\n') {
                break;
            }
            if (length == buffer.length) {
                char[] larger = Arrays.copyOf(buffer, buffer.length * 2);
                Arrays.fill(buffer, '\0');
                buffer = larger;
            }
            buffer[length++] = (char) c;
        }
        if (ended) {
            throw new RefusedPasswordException("no password on standard input");
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] password = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return nonEmpty(password);
    }

    private static char[] nonEmpty(char[] password) throws RefusedPasswordException {
        if (password.length == 0) {
            throw new RefusedPasswordException("the password is empty");
        }
        return password;
    }

    /** No usable password was given; the message says why and never contains it. */
    static final class RefusedPasswordException extends Exception {
        RefusedPasswordException(String message) {
            super(message);
        }
    }
}
