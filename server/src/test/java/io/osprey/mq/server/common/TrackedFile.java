package io.osprey.mq.server.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The durability record of one file (an inode: it keeps its identity across renames and deletion into the trash)
 * on a {@link PowerCutDisk}. The real file holds what the page cache shows; this holds what would survive a power
 * loss, as a difference: the size at the last force, and the durable content of every page written or truncated
 * since (copy-on-write pre-images). Pages not held are durable as they are.
 *
 * <p>Invariant: a page not held reads the same in the real file and durably over {@code [0, durableSize)}, and
 * reads as zeros beyond {@code durableSize} (only a held page is ever written there). A truncate below the
 * durable size therefore saves the pages it cuts off first. Every method runs under this object's monitor: it is
 * the per-file lock that orders a writer thread against a forcing thread.
 */
final class TrackedFile {
    static final int PAGE_BYTES = 4096;
    /** Pre-image of a page whose durable content is all zeros (or absent: beyond the durable size). */
    private static final byte[] ZEROS = new byte[0];

    final long id;
    /** Where the file's one name is now (in the data folder or the trash), or null once it has none. */
    private Path path;
    private long durableSize;
    private final TreeMap<Long, byte[]> preImages = new TreeMap<>();

    TrackedFile(long id, Path path, long durableSize) {
        this.id = id;
        this.path = path;
        this.durableSize = durableSize;
    }

    synchronized Path path() {
        return path;
    }

    synchronized void movedTo(Path newPath) {
        path = newPath;
    }

    synchronized int heldPages() {
        return preImages.size();
    }

    /** Writes through {@code write}, saving first the durable content of every page in the range it touches. */
    synchronized long write(FileChannel delegate, long position, long length, IoCall<Long> write) throws IOException {
        saveDurablePages(delegate, position, position + length);
        return write.run();
    }

    /** Shrinks the file as {@link FileChannel#truncate} does, keeping the durable content of what it cuts off. */
    synchronized void truncate(FileChannel delegate, long size) throws IOException {
        long realSize = delegate.size();
        if (size < realSize) {
            saveDurablePages(delegate, size, Math.min(realSize, durableSize));
        }
        delegate.truncate(size);
    }

    /**
     * fsync and fdatasync alike: every page and the size become durable. fdatasync persists the size too because
     * it is needed to read the data back, and that is all the store relies on.
     */
    synchronized void force(FileChannel delegate) throws IOException {
        preImages.clear();
        durableSize = delegate.size();
    }

    private void saveDurablePages(FileChannel delegate, long from, long to) throws IOException {
        if (to <= from) {
            return;
        }
        for (long page = from / PAGE_BYTES; page <= (to - 1) / PAGE_BYTES; page++) {
            if (!preImages.containsKey(page)) {
                preImages.put(page, durableContent(delegate, page));
            }
        }
    }

    private byte[] durableContent(FileChannel delegate, long page) throws IOException {
        long start = page * PAGE_BYTES;
        long end = Math.min(start + PAGE_BYTES, durableSize);
        if (end <= start) {
            return ZEROS;
        }
        ByteBuffer content = ByteBuffer.allocate((int) (end - start));
        while (content.hasRemaining()) {
            // the invariant says these bytes exist; a short file here would be a bug in this class
            if (delegate.read(content, start + content.position()) < 0) {
                throw new IllegalStateException("durable page " + page + " of " + path + " is past the real end");
            }
        }
        for (byte b : content.array()) {
            if (b != 0) {
                return content.array();
            }
        }
        return ZEROS;
    }

    /**
     * Rewrites the real file to what a power loss leaves: everything back to the durable image when
     * {@code writeBack} is null, otherwise each held page and the size change independently kept or lost as
     * {@code writeBack} chooses. Runs only while no channel is alive.
     */
    synchronized void writePowerLossImage(Random writeBack) throws IOException {
        if (path == null || !Files.isRegularFile(path)) {
            return;
        }
        try (FileChannel real = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long realSize = real.size();
            long finalSize = realSize != durableSize && writeBack != null && writeBack.nextBoolean()
                    ? realSize : durableSize;
            if (preImages.isEmpty() && finalSize == realSize) {
                return;
            }
            if (finalSize < realSize) {
                real.truncate(finalSize);
            } else if (finalSize > realSize) {
                // the byte past the real end reads as zero anyway: this only sets the length
                real.write(ByteBuffer.wrap(new byte[1]), finalSize - 1);
            }
            for (Map.Entry<Long, byte[]> held : preImages.entrySet()) {
                if (writeBack == null || !writeBack.nextBoolean()) {
                    restorePage(real, held.getKey(), held.getValue(), finalSize);
                }
            }
        }
    }

    private static void restorePage(FileChannel real, long page, byte[] durable, long fileSize) throws IOException {
        long start = page * PAGE_BYTES;
        if (start >= fileSize) {
            return;
        }
        ByteBuffer content = ByteBuffer.allocate((int) (Math.min(start + PAGE_BYTES, fileSize) - start));
        content.put(durable, 0, Math.min(durable.length, content.capacity())).clear();
        while (content.hasRemaining()) {
            real.write(content, start + content.position());
        }
    }

    @Override
    public synchronized String toString() {
        return path + " (durable size " + durableSize + ", " + preImages.size() + " unforced pages)";
    }
}
