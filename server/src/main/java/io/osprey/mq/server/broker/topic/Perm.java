package io.osprey.mq.server.broker.topic;

/** Topic permission bits, as RocketMQ's routes carry them. */
public final class Perm {
    public static final int PRIORITY = 0x8;
    public static final int READ = 0x4;
    public static final int WRITE = 0x2;
    public static final int INHERIT = 0x1;
    public static final int READ_WRITE = READ | WRITE;

    private Perm() {
    }

    public static boolean readable(int perm) {
        return (perm & READ) != 0;
    }

    public static boolean writable(int perm) {
        return (perm & WRITE) != 0;
    }

    public static boolean inheritable(int perm) {
        return (perm & INHERIT) != 0;
    }
}
