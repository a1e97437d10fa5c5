package io.osprey.mq.server.launcher;

import java.util.function.IntSupplier;

/**
 * One server in this process, as the lifecycle sees it.
 *
 * @param title  what the ready line calls it: {@code NameServer}, {@code Broker broker-a}
 * @param host   the host a local client dials to reach it
 * @param start  binds and starts it
 * @param port   the bound port, once started
 * @param close  stops it gracefully
 */
record Role(String title, String host, Start start, IntSupplier port, Runnable close) {
    @FunctionalInterface
    interface Start {
        void run() throws Exception;
    }

    /** The line tests and scripts wait for: {@code Osprey <title> ready on <host>:<port>}. */
    String readyLine() {
        return "Osprey " + title + " ready on " + host + ':' + port.getAsInt();
    }

    /** The listen address itself, or loopback when it is a wildcard that cannot be dialled. */
    static String dialableHost(String listenAddress) {
        return switch (listenAddress) {
            case "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0" -> "127.0.0.1";
            default -> listenAddress;
        };
    }
}
