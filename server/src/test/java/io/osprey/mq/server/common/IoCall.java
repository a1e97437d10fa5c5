package io.osprey.mq.server.common;

import java.io.IOException;

/** A file-system call, run by {@link PowerCutDisk} under its power lock. */
@FunctionalInterface
interface IoCall<T> {
    T run() throws IOException;
}
