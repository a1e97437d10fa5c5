package io.osprey.mq.server.security;

import io.osprey.mq.server.common.AtomicFiles;
import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.config.AuthenticationConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users file: one line per user, {@code <name> = pbkdf2-sha256:<iterations>:<salt>:<hash>} (see
 * {@link PasswordHash}), UTF-8. Blank lines and lines whose first non-blank character is {@code #} are comments;
 * blanks around {@code =} are allowed; a name is {@link AuthenticationConfig#USER_NAME_REGEX} and appears once.
 * Nothing else is accepted, so that a line means one thing only (no escapes or continuations as in
 * {@code java.util.Properties}).
 *
 * <p>Values, immutable: {@link #withUser} and {@link #withoutUser} give a new file that keeps every other line,
 * comments included, where it was. {@link #write} replaces the file atomically, readable by its owner only.
 */
public final class UsersFile {
    /** What {@code bin/osprey users} writes into a file it creates; the distribution ships the same text. */
    public static final String HEADER = """
            # Osprey MQ users: read by the broker when authenticationEnabled=true, and again whenever it changes.
            # Edit it with bin/osprey users add|passwd|remove|list <name> (no broker needed).
            #
            # One line per user:  <name> = pbkdf2-sha256:<iterations>:<salt>:<hash>
            #   name        1 to 64 characters of A-Z a-z 0-9 . _ @ -
            #   iterations  rounds of PBKDF2-HMAC-SHA256 (bin/osprey users uses 600000, OWASP's figure)
            #   salt, hash  Base64: a random salt of at least 16 bytes, the 32-byte derived key
            # Blank lines and lines starting with # are comments. Passwords are never stored.
            """;
    private static final Pattern USER_NAME = Pattern.compile(AuthenticationConfig.USER_NAME_REGEX);

    private final List<Line> lines;
    private final Map<String, PasswordHash> users;

    private UsersFile(List<Line> lines) {
        this.lines = List.copyOf(lines);
        Map<String, PasswordHash> byName = new LinkedHashMap<>();
        for (Line line : this.lines) {
            if (line instanceof Entry entry) {
                byName.put(entry.name(), entry.hash());
            }
        }
        this.users = Collections.unmodifiableMap(byName);
    }

    /** A file with {@link #HEADER} and no users. */
    public static UsersFile empty() {
        return new UsersFile(HEADER.lines().map(text -> (Line) new Comment(text)).toList());
    }

    /**
     * Reads and checks {@code file}.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws IOException                       when it cannot be read
     * @throws UsersFileException                naming the first bad line
     */
    public static UsersFile read(Path file) throws IOException, UsersFileException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsersFileException(file, 0, "is not UTF-8 text");
        }
        return parse(file, text.lines().toList());
    }

    /**
     * Checks {@code lines} as the content of {@code origin}.
     *
     * @throws UsersFileException naming the first bad line
     */
    public static UsersFile parse(Path origin, List<String> lines) throws UsersFileException {
        List<Line> parsed = new ArrayList<>(lines.size());
        Map<String, Integer> lineOfUser = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String text = lines.get(i);
            String content = text.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                parsed.add(new Comment(text));
                continue;
            }
            int equals = content.indexOf('=');
            if (equals < 0) {
                throw new UsersFileException(origin, number,
                        "expected <name> = " + PasswordHash.ALGORITHM + ":<iterations>:<salt>:<hash>");
            }
            String name = content.substring(0, equals).strip();
            if (!USER_NAME.matcher(name).matches()) {
                throw new UsersFileException(origin, number, "the user name is not 1 to 64 characters of"
                        + " A-Z a-z 0-9 . _ @ -");
            }
            PasswordHash hash;
            try {
                hash = PasswordHash.parse(content.substring(equals + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new UsersFileException(origin, number, "user '" + name + "': " + e.getMessage());
            }
            Integer earlier = lineOfUser.putIfAbsent(name, number);
            if (earlier != null) {
                throw new UsersFileException(origin, number, "user '" + name + "' is already defined on line "
                        + earlier);
            }
            parsed.add(new Entry(name, hash));
        }
        return new UsersFile(parsed);
    }

    /** The users in file order. */
    public Map<String, PasswordHash> users() {
        return users;
    }

    public Optional<PasswordHash> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /**
     * This file with {@code name}'s line replaced in place, or appended when it is new.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid user name
     */
    public UsersFile withUser(String name, PasswordHash hash) {
        checkName(name);
        List<Line> changed = new ArrayList<>(lines);
        Entry entry = new Entry(name, hash);
        int index = indexOf(name);
        if (index >= 0) {
            changed.set(index, entry);
        } else {
            changed.add(entry);
        }
        return new UsersFile(changed);
    }

    /** This file without {@code name}'s line (unchanged when there is none). */
    public UsersFile withoutUser(String name) {
        List<Line> changed = new ArrayList<>(lines);
        int index = indexOf(name);
        if (index >= 0) {
            changed.remove(index);
        }
        return new UsersFile(changed);
    }

    /** The file's text, {@code \n} after every line. */
    public String render() {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            text.append(line.text()).append('\n');
        }
        return text.toString();
    }

    /**
     * Replaces {@code target} so that a reader (the broker) sees the old file or the new one, never a mix, and the
     * new one survives a power loss once this returns. Where the file system has POSIX permissions the file is
     * created {@code rw-------} before any byte is written: the hashes are slow to guess, not impossible.
     */
    public void write(Disk disk, Path target) throws IOException {
        AtomicFiles.write(new OwnerOnlyDisk(disk), target, render().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code name} may be a user name. */
    public static boolean isValidName(String name) {
        return name != null && USER_NAME.matcher(name).matches();
    }

    private static void checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("a user name is 1 to 64 characters of A-Z a-z 0-9 . _ @ -");
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) instanceof Entry entry && entry.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private sealed interface Line permits Comment, Entry {
        /** The line as written to the file. */
        String text();
    }

    /** A blank or comment line, kept as written. */
    private record Comment(String text) implements Line {
    }

    private record Entry(String name, PasswordHash hash) implements Line {
        @Override
        public String text() {
            return name + " = " + hash.encoded();
        }
    }
}
