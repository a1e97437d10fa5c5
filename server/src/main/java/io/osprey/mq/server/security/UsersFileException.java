package io.osprey.mq.server.security;

import java.nio.file.Path;

/**
 * A users file that cannot be used: a malformed line, a duplicate user, text that is not UTF-8. The message names
 * the file and the line and says what is wrong, and never quotes the line: it may hold a hash, or a password typed
 * where a hash belongs.
 */
public final class UsersFileException extends Exception {
    private final Path file;
    private final int line;
    private final String reason;

    /**
     * @param line 1-based line number, 0 for a problem with the file as a whole
     */
    public UsersFileException(Path file, int line, String reason) {
        super((line > 0 ? file + " line " + line : file.toString()) + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** 1-based, 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
