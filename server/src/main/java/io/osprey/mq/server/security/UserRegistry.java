package io.osprey.mq.server.security;

import io.osprey.mq.server.security.AuthenticationOutcome.Authenticated;
import io.osprey.mq.server.security.AuthenticationOutcome.UnknownUser;
import io.osprey.mq.server.security.AuthenticationOutcome.WrongPassword;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users the broker knows, from its users file, and the password check against them.
 *
 * <p>Thread-safe: {@link #authenticate} reads one immutable snapshot of the users through a volatile field, so
 * any number of request threads check passwords while {@link #reloadIfChanged} swaps in a new file. Reloads are
 * serialized among themselves.
 *
 * <p>Reload: the file is identified by its modification time, size and file key (the inode on Unix). The last
 * one alone would miss a rewrite within the file system's timestamp granularity; the file key changes with every
 * atomic replacement, which is how {@code bin/osprey users} writes. A reload that fails (file gone, unreadable,
 * a malformed line) keeps the users loaded before and logs one WARN naming the line, and is not retried, nor
 * warned about again, until the file changes once more. A file left with no users is applied: removing the last
 * user must lock that user out, not keep it.
 *
 * <p>Timing: an unknown user's password is hashed against a decoy of the same cost as the real users', so that
 * the time an answer takes does not tell which user names exist.
 */
public final class UserRegistry {
    /** The reason of the {@link UsersFileException} {@link #load} throws for a file without users. */
    static final String NO_USERS = "lists no users";
    private static final Logger LOG = LoggerFactory.getLogger(UserRegistry.class);

    private final Path file;
    private final SecureRandom random;
    private volatile Snapshot current;
    /** Guarded by this: the version of the file whose reload failed, so it is warned about once. */
    private FileStamp lastFailed;

    private UserRegistry(Path file, SecureRandom random, Snapshot current) {
        this.file = file;
        this.random = random;
        this.current = current;
    }

    /**
     * Reads {@code file}, which must list at least one user.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws IOException         when it cannot be read
     * @throws UsersFileException  for a malformed line, or a file without users
     */
    public static UserRegistry load(Path file, SecureRandom random) throws IOException, UsersFileException {
        FileStamp stamp = FileStamp.of(file);
        UsersFile users = UsersFile.read(file);
        if (users.users().isEmpty()) {
            throw new UsersFileException(file, 0, NO_USERS);
        }
        return new UserRegistry(file, random, Snapshot.of(users, stamp, random));
    }

    /**
     * Checks {@code password} against {@code user}'s hash; about as slow for an unknown user as for a known one.
     * The caller keeps {@code password} (and should clear it). Nothing is logged here: the caller knows the
     * remote address the log line needs.
     */
    public AuthenticationOutcome authenticate(String user, char[] password) {
        Snapshot snapshot = current;
        PasswordHash hash = snapshot.users().get(user);
        if (hash == null) {
            snapshot.decoy().matches(password);
            return new UnknownUser(user);
        }
        return hash.matches(password) ? new Authenticated(new UserPrincipal(user)) : new WrongPassword(user);
    }

    /**
     * Re-reads the file when it changed since the last load or failed reload.
     *
     * @return whether a new set of users took effect
     */
    public synchronized boolean reloadIfChanged() {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(file);
        } catch (NoSuchFileException e) {
            return failed(FileStamp.MISSING, "users file {} is gone; keeping the {} users loaded before",
                    file, current.users().size());
        } catch (IOException e) {
            return failed(FileStamp.UNREADABLE, "users file {} cannot be read ({}); keeping the {} users loaded"
                    + " before", file, e.toString(), current.users().size());
        }
        if (stamp.equals(current.stamp())) {
            lastFailed = null;
            return false;
        }
        if (stamp.equals(lastFailed)) {
            return false;
        }
        UsersFile users;
        try {
            users = UsersFile.read(file);
        } catch (UsersFileException e) {
            return failed(stamp, "users file {}; keeping the {} users loaded before", e.getMessage(),
                    current.users().size());
        } catch (IOException e) {
            return failed(stamp, "users file {} cannot be read ({}); keeping the {} users loaded before",
                    file, e.toString(), current.users().size());
        }
        current = Snapshot.of(users, stamp, random);
        lastFailed = null;
        if (users.users().isEmpty()) {
            LOG.warn("users file {} reloaded: it lists no users, so every connection with credentials is refused",
                    file);
        } else {
            LOG.info("users file {} reloaded: {} users", file, users.users().size());
        }
        return true;
    }

    /** The names of the users loaded now. */
    public Set<String> userNames() {
        return current.users().keySet();
    }

    public Path file() {
        return file;
    }

    private boolean failed(FileStamp stamp, String format, Object... arguments) {
        if (!stamp.equals(lastFailed)) {
            LOG.warn(format, arguments);
            lastFailed = stamp;
        }
        return false;
    }

    /** One version of the file on disk. {@code fileKey} may be null where the file system has none. */
    private record FileStamp(FileTime modified, long size, Object fileKey) {
        static final FileStamp MISSING = new FileStamp(FileTime.fromMillis(0), -1, "missing");
        static final FileStamp UNREADABLE = new FileStamp(FileTime.fromMillis(0), -2, "unreadable");

        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }

    /** The users of one version of the file, with the decoy an unknown user's password is hashed against. */
    private record Snapshot(Map<String, PasswordHash> users, FileStamp stamp, PasswordHash decoy) {
        static Snapshot of(UsersFile file, FileStamp stamp, SecureRandom random) {
            int iterations = file.users().values().stream().mapToInt(PasswordHash::iterations).max()
                    .orElse(PasswordHash.DEFAULT_ITERATIONS);
            char[] decoyPassword = new char[16];
            for (int i = 0; i < decoyPassword.length; i++) {
                decoyPassword[i] = (char) ('a' + random.nextInt(26));
            }
            return new Snapshot(file.users(), stamp,
                    PasswordHash.create(decoyPassword, iterations, random));
        }
    }
}
