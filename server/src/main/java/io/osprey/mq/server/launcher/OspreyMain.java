package io.osprey.mq.server.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code osprey} command: {@code standalone}, {@code namesrv} or {@code broker}, and {@code users} to edit the
 * broker's users file. The only place that reads
 * system properties and the environment, and the only place that wires servers together.
 *
 * <p>Exit codes: 0 after a graceful stop (SIGTERM, Ctrl-C), 1 when a server failed to start, 2 for a bad command
 * line or configuration, with one line on stderr: {@code osprey: invalid configuration: <key>: <reason>}.
 */
@Command(name = "osprey", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Osprey MQ server: a RocketMQ-compatible NameServer and Broker.",
        footer = {"", "Configuration: defaults < properties file < OSPREY_* environment < -D key=value."})
public final class OspreyMain implements Callable<Integer> {
    /** System property naming the distribution folder, set by {@code bin/osprey}. */
    public static final String HOME_PROPERTY = "osprey.home";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        LaunchEnvironment launch = new LaunchEnvironment(
                Optional.ofNullable(System.getProperty(HOME_PROPERTY)).filter(home -> !home.isBlank()).map(Path::of),
                System.getenv(), System.out, System.err, Runtime.getRuntime(), System.in,
                Optional.ofNullable(System.console()));
        System.exit(run(launch, args));
    }

    /** Runs one command line to completion and answers its exit code. */
    static int run(LaunchEnvironment launch, String... args) {
        ValidationBootstrap validation = ValidationBootstrap.start();
        CommandLine commandLine = new CommandLine(new OspreyMain())
                .addSubcommand(new StandaloneCommand(launch, validation))
                .addSubcommand(new NameServerCommand(launch, validation))
                .addSubcommand(new BrokerCommand(launch, validation))
                .addSubcommand(UsersCommand.commandLine(launch))
                .setExecutionExceptionHandler(new StartErrorReporter(launch.err()));
        commandLine.setOut(new PrintWriter(launch.out(), true));
        commandLine.setErr(new PrintWriter(launch.err(), true));
        return commandLine.execute(args);
    }

    /** {@code osprey} alone: says which commands exist. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
