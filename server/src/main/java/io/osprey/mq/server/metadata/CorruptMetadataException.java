package io.osprey.mq.server.metadata;

import java.nio.file.Path;

/**
 * A metadata file exists but cannot be understood (empty, truncated, not JSON, or holding invalid values).
 * Thrown at open instead of starting with an empty table, which would silently forget topics, groups or
 * offsets; the operator restores the file or removes it deliberately.
 */
public final class CorruptMetadataException extends RuntimeException {
    public CorruptMetadataException(Path file, String reason, Throwable cause) {
        super("metadata file " + file + " is corrupt: " + reason
                + " (restore it from a backup, or delete it to start that table empty)", cause);
    }
}
