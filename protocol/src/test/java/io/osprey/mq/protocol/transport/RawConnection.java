package io.osprey.mq.protocol.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.osprey.mq.protocol.command.RemotingCommand;
import io.osprey.mq.protocol.frame.CommandCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A blocking socket that speaks frames byte by byte, for what {@link RemotingClient} will not do: choose the
 * opaque, write garbage, stay silent, or check that nothing was answered. Reads give up after 10 s.
 */
final class RawConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        this(port, 0);
    }

    /**
     * @param receiveBufferBytes the socket's receive buffer, set before connecting (0 = the system's): a small one
     *                           makes a peer that does not read back up its server at once
     */
    RawConnection(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(RemotingCommand command) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        try {
            CommandCodec.encode(command, frame);
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            sendRaw(bytes);
        } finally {
            frame.release();
        }
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame from the server. */
    RemotingCommand receive() throws IOException {
        int length = in.readInt();
        byte[] rest = new byte[length];
        in.readFully(rest);
        ByteBuf frame = Unpooled.wrappedBuffer(rest);
        try {
            return CommandCodec.decode(frame);
        } finally {
            frame.release();
        }
    }

    /**
     * Blocks until the server closes the connection (true) or sends a byte (false).
     *
     * @throws SocketTimeoutException when neither happens within the read timeout
     */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
