package io.osprey.mq.server.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code usersFile} points: an absolute path as it is; a relative one under the distribution folder when
 * there is one (so {@code conf/users.properties} sits beside {@code conf/broker.properties} whatever the working
 * directory of {@code bin/osprey}), else under the working directory. The broker and {@code osprey users} resolve
 * it the same way, so both find the same file.
 */
final class UsersFileLocation {
    private UsersFileLocation() {
    }

    static Path resolve(Path configured, Optional<Path> home) {
        if (configured.isAbsolute()) {
            return configured;
        }
        return home.map(folder -> folder.resolve(configured)).orElse(configured).toAbsolutePath().normalize();
    }
}
