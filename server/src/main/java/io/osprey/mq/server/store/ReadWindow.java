package io.osprey.mq.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The reput thread's read-ahead over the CommitLog: one positional read fills up to {@value #WINDOW_BYTES} of
 * already-written bytes, and the frame checks of the following frames are served from memory. Without it, each
 * frame costs two reads (its header, then the whole frame).
 *
 * <p>It only ever holds bytes below the caller's {@code readable} bound (the dispatch limit), which the writer
 * never changes again, so a cached byte cannot go stale. Only the reput thread uses it.
 */
final class ReadWindow {
    static final int WINDOW_BYTES = 256 * 1024;

    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW_BYTES);
    private SegmentFile segment;
    private long start;
    private int length;

    /**
     * As {@link SegmentFile#read}: fills {@code dst} from {@code position} of {@code file}, from the window when
     * it holds those bytes. {@code readable} bounds what may be cached: bytes from it on are read directly.
     */
    int read(SegmentFile file, ByteBuffer dst, long position, long readable) throws IOException {
        int wanted = dst.remaining();
        if (!holds(file, position, wanted)) {
            if (position + wanted > readable || wanted > WINDOW_BYTES) {
                return file.read(dst, position);
            }
            fill(file, position, readable);
            if (!holds(file, position, wanted)) {
                return file.read(dst, position);
            }
        }
        int from = (int) (position - start);
        dst.put(window.duplicate().limit(from + wanted).position(from));
        return wanted;
    }

    private boolean holds(SegmentFile file, long position, int wanted) {
        return file == segment && position >= start && position + wanted <= start + length;
    }

    private void fill(SegmentFile file, long position, long readable) throws IOException {
        segment = null;
        window.clear().limit((int) Math.min(WINDOW_BYTES, readable - position));
        int n = file.read(window, position);
        segment = file;
        start = position;
        length = n;
    }
}
