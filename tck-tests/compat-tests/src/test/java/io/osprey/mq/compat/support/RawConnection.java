package io.osprey.mq.compat.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.frame.CommandCodec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking TCP connection that writes hand-made frames (well-formed or not) and reads replies with the
 * project's own codec. Used to check how a server treats bad input, where the stock client would refuse to send.
 */
public final class RawConnection implements AutoCloseable {
    private static final AtomicInteger OPAQUE = new AtomicInteger(1_000_000);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawConnection open(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 3_000);
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + hostPort, e);
        }
    }

    /** Writes {@code bytes} as they are. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Encodes {@code request} with a fresh opaque, writes it and returns the opaque used. */
    public int send(RemotingCommand request) throws IOException {
        int opaque = OPAQUE.incrementAndGet();
        writeRaw(encode(request.withOpaque(opaque)));
        return opaque;
    }

    /** Sends {@code request} and reads frames until the reply with its opaque arrives. */
    public RemotingCommand call(RemotingCommand request, Duration timeout) throws IOException {
        int opaque = send(request);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
            RemotingCommand reply = read(Duration.ofMillis(left));
            if (reply.isResponse() && reply.opaque() == opaque) {
                return reply;
            }
        }
    }

    public RemotingCommand call(int code, Map<String, String> extFields, byte[] body) throws IOException {
        return call(RemotingCommand.request(code, extFields, body), Duration.ofSeconds(10));
    }

    /** Reads one frame; throws {@link SocketTimeoutException} if none arrives in time. */
    public RemotingCommand read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        try {
            return CommandCodec.decode(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Whether the server closed (or reset) the connection within {@code timeout}: reads and discards whatever
     * arrives until end of stream. Returns false if the connection is still open at the deadline.
     */
    public boolean closedByServerWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[8192];
        while (System.nanoTime() < deadline) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (EOFException | SocketException e) {
                return true;
            }
        }
        return false;
    }

    public static byte[] encode(RemotingCommand command) {
        ByteBuf buf = Unpooled.buffer();
        try {
            CommandCodec.encode(command, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
