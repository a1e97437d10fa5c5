package io.osprey.mq.server.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A disk whose fsyncs of the files under one folder (the CommitLog's), once {@link #hold held}, wait until the
 * test {@link #release releases} them: the window between a write and its fsync, held open for as long as a test
 * needs it (to take a snapshot in it, or to cut the power in it). Everything else goes straight to the delegate.
 */
public final class HeldForceDisk implements Disk {
    private final Disk delegate;
    private final Path held;
    private volatile Hold current;

    /** One hold: the fsyncs that reach it, and the test's release. */
    private static final class Hold {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
    }

    public HeldForceDisk(Disk delegate, Path heldFolder) {
        this.delegate = delegate;
        this.held = heldFolder.toAbsolutePath().normalize();
    }

    /** From now on every fsync of a file under the folder waits for {@link #release}. */
    public void hold() {
        current = new Hold();
    }

    /** Waits until an fsync is waiting in the hold; false if none came within {@code timeoutMillis}. */
    public boolean awaitHeldFsync(long timeoutMillis) throws InterruptedException {
        Hold hold = current;
        if (hold == null) {
            throw new IllegalStateException("nothing is held");
        }
        return hold.reached.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Lets the held fsyncs (and every later one) go on to the delegate. */
    public void release() {
        Hold hold = current;
        current = null;
        if (hold != null) {
            hold.released.countDown();
        }
    }

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
        FileChannel channel = delegate.open(file, options);
        return file.toAbsolutePath().normalize().startsWith(held) ? new HeldForceChannel(channel) : channel;
    }

    @Override
    public void createDirectory(Path directory) throws IOException {
        delegate.createDirectory(directory);
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        delegate.move(source, target);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        return delegate.deleteIfExists(path);
    }

    @Override
    public void fsyncDirectory(Path directory) throws IOException {
        delegate.fsyncDirectory(directory);
    }

    private final class HeldForceChannel extends FileChannel {
        private final FileChannel channel;

        HeldForceChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            Hold hold = current;
            if (hold != null) {
                hold.reached.countDown();
                try {
                    if (!hold.released.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("the test never released the fsync");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted in a held fsync", e);
                }
            }
            channel.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return channel.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return channel.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return channel.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return channel.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return channel.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return channel.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
