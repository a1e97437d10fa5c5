package io.osprey.mq.server.common;

/** What a {@link PowerCutDisk#cut power cut} leaves on the disk of what was not made durable. */
public enum CutMode {
    /**
     * The worst case POSIX allows for data and the only one it allows for the namespace: every page written since
     * its file's last {@code force} reads as before that write, every file has the size it had at its last
     * {@code force}, and every directory entry created, renamed or deleted since its directory's last fsync is back
     * as it was.
     */
    LOSE_UNFORCED,
    /**
     * Out-of-order write-back: the namespace is rolled back as in {@link #LOSE_UNFORCED}, but each page written
     * since its file's last {@code force} independently did or did not reach the platter, and each file's size
     * change did or did not, chosen by the disk's seeded {@link java.util.Random}. A later page on disk with an
     * earlier one lost is exactly what a torn-tail check or a consume-queue hole check must survive. Forced pages
     * are never touched.
     */
    RANDOM_PAGES,
    /**
     * Nothing is lost: the page cache survives, as it does when the process is SIGKILLed. For comparison tests
     * (a test that passes here but fails on {@link #LOSE_UNFORCED} is about an fsync).
     */
    KEEP_EVERYTHING
}
