package io.osprey.mq.server.store;

import io.osprey.mq.server.common.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size, preallocated file of the CommitLog or of a ConsumeQueue, read and written with positional
 * {@link FileChannel} calls (thread-safe for distinct ranges, and their durability is exactly what
 * {@link FileChannel#force} says — no mmap page-fault surprises).
 *
 * <p>Reference counted: the store holds one reference from open until {@link #retire()}; each reader
 * {@link #tryAcquire()}s and {@link #release()}s. Retiring unlinks the file at once — its name is free for a new
 * file at the same place (a topic deleted and created again), and on POSIX a reader still holding it keeps
 * reading the unlinked file — and the channel closes when the last reference goes, so retention never closes a
 * file under a reader, and a reader that comes too late gets {@code false}.
 */
final class SegmentFile {
    private final Disk disk;
    private final Path path;
    private final long baseOffset;
    private final long sizeBytes;
    private final FileChannel channel;
    private final AtomicInteger references = new AtomicInteger(1);

    private SegmentFile(Disk disk, Path path, long baseOffset, long sizeBytes, FileChannel channel) {
        this.disk = disk;
        this.path = path;
        this.baseOffset = baseOffset;
        this.sizeBytes = sizeBytes;
        this.channel = channel;
    }

    /**
     * Opens an existing file, extending it to {@code sizeBytes} (with a hole) if a crash left it shorter. The
     * extension is not forced: it holds no data, and if a power loss takes it back the next open extends again.
     */
    static SegmentFile open(Disk disk, Path path, long baseOffset, long sizeBytes) throws IOException {
        FileChannel channel = disk.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long length = channel.size();
            if (length > sizeBytes) {
                throw new StoreIoException("segment " + path + " is " + length + " bytes, larger than the configured "
                        + sizeBytes + "; was the segment size changed?");
            }
            if (length < sizeBytes) {
                extend(channel, sizeBytes);
            }
            return new SegmentFile(disk, path, baseOffset, sizeBytes, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietlyAfter(channel, e);
            throw e;
        }
    }

    /**
     * Creates a new zero-filled file and fsyncs its directory, so that after a power loss the file exists before
     * any record in it is acknowledged. Its length needs no fsync of its own: the first {@link #force()} of data
     * in it makes the length durable too (fdatasync writes what reading the data back needs), and a file found
     * short is extended again on open.
     */
    static SegmentFile create(Disk disk, Path path, long baseOffset, long sizeBytes) throws IOException {
        FileChannel channel = disk.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            extend(channel, sizeBytes);
            disk.fsyncDirectory(path.getParent());
            return new SegmentFile(disk, path, baseOffset, sizeBytes, channel);
        } catch (IOException | RuntimeException e) {
            closeQuietlyAfter(channel, e);
            throw e;
        }
    }

    private static void extend(FileChannel channel, long sizeBytes) throws IOException {
        channel.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
    }

    private static void closeQuietlyAfter(FileChannel channel, Exception primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    Path path() {
        return path;
    }

    long baseOffset() {
        return baseOffset;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** First offset after this segment. */
    long endOffset() {
        return baseOffset + sizeBytes;
    }

    boolean contains(long offset) {
        return offset >= baseOffset && offset < endOffset();
    }

    /** Takes a reader reference; false if the segment has been retired and is (being) deleted. */
    boolean tryAcquire() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            closeChannel();
        }
    }

    /** Deletes the file now and drops the store's own reference: the channel closes once no reader holds it. */
    void retire() {
        try {
            disk.deleteIfExists(path);
        } catch (IOException e) {
            throw new StoreIoException("cannot delete segment " + path, e);
        } finally {
            release();
        }
    }

    /** Drops the store's own reference and closes the file once no reader holds it (store shutdown). */
    void closeWhenReleased() {
        release();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StoreIoException("cannot close segment " + path, e);
        }
    }

    /** Reads into {@code dst} from {@code position} (relative to the file) until full or end of file. */
    int read(ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Writes all of {@code src} at {@code position} (relative to the file). */
    void write(ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    /** fdatasync: the file was preallocated and its length fsynced at creation, so data is enough. */
    void force() throws IOException {
        channel.force(false);
    }

    /**
     * Drops everything from {@code position} on, keeping the file's full length (the tail reads as zeros). Not
     * durable until the caller's next {@link #force()}: recovery fsyncs the segment right after.
     */
    void zeroFrom(long position) throws IOException {
        channel.truncate(position);
        extend(channel, sizeBytes);
    }

    long lastModifiedMillis() throws IOException {
        return Files.getLastModifiedTime(path).toMillis();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
