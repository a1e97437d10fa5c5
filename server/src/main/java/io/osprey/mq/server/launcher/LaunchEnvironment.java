package io.osprey.mq.server.launcher;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher takes from the process around it, read once in {@link OspreyMain#main} so that nothing else
 * touches system properties or the environment.
 *
 * @param home        the distribution folder ({@code -Dosprey.home}, set by {@code bin/osprey}); empty when run
 *                    from a build
 * @param environment the process environment, for {@code OSPREY_*} configuration
 * @param out         where the ready lines go
 * @param err         where the one-line start errors go
 * @param runtime     where the shutdown hook is installed
 * @param in          standard input, where {@code osprey users} reads a password when there is no terminal
 * @param console     the terminal, when there is one: {@code osprey users} reads passwords from it unechoed
 */
record LaunchEnvironment(Optional<Path> home, Map<String, String> environment, PrintStream out, PrintStream err,
                         Runtime runtime, InputStream in, Optional<Console> console) {
}
