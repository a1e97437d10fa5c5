package io.osprey.mq.server.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A channel opened through a {@link PowerCutDisk}: it delegates to a real {@link FileChannel} on the page-cache
 * view, routes every write, truncate and force through the file's {@link TrackedFile}, and dies with the power.
 * Once the power was cut, every call throws {@link PowerCutException} (the real channel is closed by the cut, and
 * {@link #isOpen()} is false), except {@link #close()}, which a dead process's shutdown may still call and which
 * does nothing then.
 *
 * <p>Not supported, by design: {@link #map} (a mapped page is written back whenever the kernel likes and
 * {@code force} on a mapping has other rules: modelling it is a different disk), {@link #transferTo} and
 * {@link #transferFrom}. They throw {@link UnsupportedOperationException} so that nobody starts using them in the
 * store without extending the model.
 */
final class PowerCutChannel extends FileChannel {
    private final PowerCutDisk disk;
    private final long boot;
    private final Path path;
    private final FileChannel delegate;
    private final TrackedFile file;
    private final boolean readable;
    private final boolean writable;
    private final boolean forceEachWrite;
    /** Orders relative reads and writes, so that a write's position is the one its pre-images were saved for. */
    private final Object positionLock = new Object();

    PowerCutChannel(PowerCutDisk disk, long boot, Path path, FileChannel delegate, TrackedFile file, boolean readable,
            boolean writable, boolean forceEachWrite) {
        this.disk = disk;
        this.boot = boot;
        this.path = path;
        this.delegate = delegate;
        this.file = file;
        this.readable = readable;
        this.writable = writable;
        this.forceEachWrite = forceEachWrite;
    }

    long boot() {
        return boot;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        synchronized (positionLock) {
            return disk.perform(this, () -> readable().read(dst));
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        synchronized (positionLock) {
            return disk.perform(this, () -> readable().read(dsts, offset, length));
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return disk.perform(this, () -> readable().read(dst, position));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (positionLock) {
            long position = disk.perform(this, delegate::position);
            return (int) write(position, src.remaining(), () -> (long) delegate.write(src));
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        synchronized (positionLock) {
            long position = disk.perform(this, delegate::position);
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += srcs[i].remaining();
            }
            return write(position, total, () -> delegate.write(srcs, offset, length));
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        return (int) write(position, src.remaining(), () -> (long) delegate.write(src, position));
    }

    private long write(long position, long length, IoCall<Long> write) throws IOException {
        return disk.perform(this, () -> {
            if (!writable) {
                throw new NonWritableChannelException();
            }
            disk.happening(DiskOperation.write(path, position, length));
            long written = file.write(delegate, position, length, write);
            if (forceEachWrite) {
                file.force(delegate);
            }
            return written;
        });
    }

    @Override
    public long position() throws IOException {
        synchronized (positionLock) {
            return disk.perform(this, delegate::position);
        }
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        synchronized (positionLock) {
            disk.perform(this, () -> delegate.position(newPosition));
            return this;
        }
    }

    @Override
    public long size() throws IOException {
        return disk.perform(this, delegate::size);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        synchronized (positionLock) {
            disk.perform(this, () -> {
                if (!writable) {
                    throw new NonWritableChannelException();
                }
                disk.happening(DiskOperation.truncate(path, size));
                file.truncate(delegate, size);
                return null;
            });
            return this;
        }
    }

    /**
     * Makes the file's pages and size durable in the model. The real fsync is skipped: the host's disk never
     * loses power in a test, and real fsyncs would only slow a shared machine down.
     */
    @Override
    public void force(boolean metaData) throws IOException {
        disk.perform(this, () -> {
            disk.happening(DiskOperation.on(DiskOperation.Kind.FORCE, path));
            file.force(delegate);
            return null;
        });
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("transferTo is not modelled by PowerCutDisk");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("transferFrom is not modelled by PowerCutDisk");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("map is not modelled by PowerCutDisk: mapped writes have no "
                + "write() to track");
    }

    /** Blocks outside the power lock (a cut must not wait for a lock holder); the cut's close wakes it. */
    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        disk.perform(this, () -> null);
        FileLock real;
        try {
            real = delegate.lock(position, size, shared);
        } catch (ClosedChannelException e) {
            disk.perform(this, () -> null);
            throw e;
        }
        return disk.perform(this, () -> new Lock(real));
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return disk.perform(this, () -> {
            FileLock real = delegate.tryLock(position, size, shared);
            return real == null ? null : new Lock(real);
        });
    }

    @Override
    protected void implCloseChannel() throws IOException {
        disk.closed(this);
        delegate.close();
    }

    private FileChannel readable() {
        if (!readable) {
            throw new NonReadableChannelException();
        }
        return delegate;
    }

    @Override
    public String toString() {
        return "power-cut channel on " + path + " (boot " + boot + ")";
    }

    /** The real lock, presented as one on this channel. */
    private final class Lock extends FileLock {
        private final FileLock real;

        Lock(FileLock real) {
            super(PowerCutChannel.this, real.position(), real.size(), real.isShared());
            this.real = real;
        }

        @Override
        public boolean isValid() {
            return real.isValid();
        }

        @Override
        public void release() throws IOException {
            disk.perform(PowerCutChannel.this, () -> {
                real.release();
                return null;
            });
        }
    }
}
