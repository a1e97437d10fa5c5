package io.osprey.mq.server.launcher;

import io.osprey.mq.server.common.Disk;
import io.osprey.mq.server.config.AuthenticationConfig;
import io.osprey.mq.server.launcher.PasswordPrompt.RefusedPasswordException;
import io.osprey.mq.server.security.PasswordHash;
import io.osprey.mq.server.security.UsersFile;
import io.osprey.mq.server.security.UsersFileException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code osprey users add|passwd|remove|list}: edits the broker's users file without a running broker (a running
 * one picks the change up within {@code BrokerAuthentication.USERS_FILE_CHECK_INTERVAL_MILLIS}). Every change
 * rewrites the file atomically, {@code rw-------}, keeping its comments and the order of its users.
 *
 * <p>Exit codes: 0 done; 1 refused (the user exists or does not, no usable password, the file cannot be
 * written); 2 a bad command line, user name or users file. Two edits running at the same moment may lose one of
 * them: the file is meant for an operator, not for concurrent scripts.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Adds, changes, removes and lists the broker's users (no broker needed).",
        footer = {"", "Without --users-file: conf/users.properties of the distribution (the usersFile default)."})
final class UsersCommand implements Callable<Integer> {
    static final int EXIT_REFUSED = 1;
    static final int EXIT_INVALID = CommandLine.ExitCode.USAGE;

    @Spec
    CommandSpec spec;

    static CommandLine commandLine(LaunchEnvironment launch) {
        return new CommandLine(new UsersCommand())
                .addSubcommand(new Add(launch))
                .addSubcommand(new Passwd(launch))
                .addSubcommand(new Remove(launch))
                .addSubcommand(new ListUsers(launch));
    }

    /** {@code osprey users} alone: says which subcommands exist. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** The option every subcommand shares. */
    static final class UsersFileOption {
        @Option(names = "--users-file", paramLabel = "<file>",
                description = "The users file (default: conf/users.properties of the distribution).")
        Path usersFile;

        Path resolve(LaunchEnvironment launch) {
            return usersFile != null ? usersFile.toAbsolutePath().normalize()
                    : UsersFileLocation.resolve(AuthenticationConfig.DEFAULT_USERS_FILE, launch.home());
        }
    }

    /** What the subcommands share: reading, checking and writing the file, and the error lines. */
    abstract static class Edit implements Callable<Integer> {
        @Mixin
        UsersFileOption file;

        final LaunchEnvironment launch;

        Edit(LaunchEnvironment launch) {
            this.launch = launch;
        }

        @Override
        public final Integer call() {
            Path target = file.resolve(launch);
            try {
                return run(target);
            } catch (UsersFileException e) {
                return fail(EXIT_INVALID, e.getMessage());
            } catch (RefusedPasswordException e) {
                return fail(EXIT_REFUSED, e.getMessage());
            } catch (NoSuchFileException e) {
                return fail(EXIT_REFUSED, target + " does not exist");
            } catch (IOException e) {
                return fail(EXIT_REFUSED, "cannot read or write " + target + ": " + e);
            }
        }

        abstract int run(Path target) throws IOException, UsersFileException, RefusedPasswordException;

        /** The file, or an empty one with the format's header when there is none yet. */
        static UsersFile readOrEmpty(Path target) throws IOException, UsersFileException {
            try {
                return UsersFile.read(target);
            } catch (NoSuchFileException e) {
                return UsersFile.empty();
            }
        }

        boolean validName(String name) {
            return UsersFile.isValidName(name);
        }

        int invalidName() {
            return fail(EXIT_INVALID, "a user name is 1 to 64 characters of A-Z a-z 0-9 . _ @ -");
        }

        PasswordHash hashNewPassword(String name, int iterations) throws IOException, RefusedPasswordException {
            char[] password = new PasswordPrompt(launch).newPassword(name);
            try {
                return PasswordHash.create(password, iterations, new SecureRandom());
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        int done(String line) {
            launch.out().println(line);
            launch.out().flush();
            return 0;
        }

        int fail(int exitCode, String reason) {
            launch.err().println("osprey users: " + reason);
            launch.err().flush();
            return exitCode;
        }
    }

    /** The cost option of the subcommands that hash a password. */
    static final class IterationsOption {
        @Option(names = "--iterations", paramLabel = "<n>",
                description = "PBKDF2-HMAC-SHA256 iterations of the new hash (default: ${DEFAULT-VALUE}).")
        int iterations = PasswordHash.DEFAULT_ITERATIONS;

        Optional<String> problem() {
            return iterations < PasswordHash.MIN_ITERATIONS || iterations > PasswordHash.MAX_ITERATIONS
                    ? Optional.of("--iterations must be in " + PasswordHash.MIN_ITERATIONS + ".."
                            + PasswordHash.MAX_ITERATIONS)
                    : Optional.empty();
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a user; the password is read from the terminal, or from standard input.")
    static final class Add extends Edit {
        @Parameters(paramLabel = "<name>", description = "1 to 64 characters of A-Z a-z 0-9 . _ @ -")
        String name;

        @Mixin
        IterationsOption cost;

        Add(LaunchEnvironment launch) {
            super(launch);
        }

        @Override
        int run(Path target) throws IOException, UsersFileException, RefusedPasswordException {
            if (!validName(name)) {
                return invalidName();
            }
            Optional<String> problem = cost.problem();
            if (problem.isPresent()) {
                return fail(EXIT_INVALID, problem.get());
            }
            UsersFile users = readOrEmpty(target);
            if (users.user(name).isPresent()) {
                return fail(EXIT_REFUSED, "user '" + name + "' already exists in " + target
                        + "; change its password with 'osprey users passwd " + name + "'");
            }
            users.withUser(name, hashNewPassword(name, cost.iterations)).write(Disk.local(), target);
            return done("user '" + name + "' added to " + target);
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Changes a user's password, read from the terminal, or from standard input.")
    static final class Passwd extends Edit {
        @Parameters(paramLabel = "<name>", description = "an existing user")
        String name;

        @Mixin
        IterationsOption cost;

        Passwd(LaunchEnvironment launch) {
            super(launch);
        }

        @Override
        int run(Path target) throws IOException, UsersFileException, RefusedPasswordException {
            if (!validName(name)) {
                return invalidName();
            }
            Optional<String> problem = cost.problem();
            if (problem.isPresent()) {
                return fail(EXIT_INVALID, problem.get());
            }
            UsersFile users = readOrEmpty(target);
            if (users.user(name).isEmpty()) {
                return fail(EXIT_REFUSED, "no user '" + name + "' in " + target
                        + "; add it with 'osprey users add " + name + "'");
            }
            users.withUser(name, hashNewPassword(name, cost.iterations)).write(Disk.local(), target);
            return done("password of user '" + name + "' changed in " + target);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a user.")
    static final class Remove extends Edit {
        @Parameters(paramLabel = "<name>", description = "an existing user")
        String name;

        Remove(LaunchEnvironment launch) {
            super(launch);
        }

        @Override
        int run(Path target) throws IOException, UsersFileException {
            if (!validName(name)) {
                return invalidName();
            }
            UsersFile users = readOrEmpty(target);
            if (users.user(name).isEmpty()) {
                return fail(EXIT_REFUSED, "no user '" + name + "' in " + target);
            }
            users.withoutUser(name).write(Disk.local(), target);
            return done("user '" + name + "' removed from " + target);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the user names, one a line.")
    static final class ListUsers extends Edit {
        ListUsers(LaunchEnvironment launch) {
            super(launch);
        }

        @Override
        int run(Path target) throws IOException, UsersFileException {
            UsersFile.read(target).users().keySet().forEach(launch.out()::println);
            launch.out().flush();
            return 0;
        }
    }
}
