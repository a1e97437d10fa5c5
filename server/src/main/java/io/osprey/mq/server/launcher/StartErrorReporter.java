package io.osprey.mq.server.launcher;

import io.osprey.mq.server.config.ConfigException;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what stops a start into one stderr line and an exit code: a bad configuration (2) says which key and
 * why, without a stack trace; a server that failed to start (1) is also logged with its cause for the operator.
 */
final class StartErrorReporter implements IExecutionExceptionHandler {
    static final int EXIT_INVALID_CONFIGURATION = CommandLine.ExitCode.USAGE;
    private static final Logger LOG = LoggerFactory.getLogger(StartErrorReporter.class);

    private final PrintStream err;

    StartErrorReporter(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        if (e instanceof ConfigException config) {
            err.println("osprey: invalid configuration: " + config.getMessage());
            err.flush();
            return EXIT_INVALID_CONFIGURATION;
        }
        if (e instanceof ServerLifecycle.StartFailedException failed) {
            LOG.error("{}", failed.getMessage(), failed.getCause());
            err.println("osprey: " + failed.getMessage());
            err.flush();
            return ServerLifecycle.EXIT_START_FAILED;
        }
        LOG.error("osprey stopped by an unexpected error", e);
        err.println("osprey: unexpected error: " + e);
        err.flush();
        return ServerLifecycle.EXIT_START_FAILED;
    }
}
