package dev.basalt.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.basalt.common.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's side of the protocol, spoken by hand over a plain socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcServerProtocolTest {
    private static final HostPort EPHEMERAL = new HostPort("127.0.0.1", 0);
    private static final RpcHandler ECHO = (method, payload) -> CompletableFuture.completedFuture(payload);

    @Test
    void helloThenRequestIsAnswered() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, ECHO); Socket socket = connect(server)) {
            send(socket, new RpcFrame.Hello(RpcProtocol.MAGIC, RpcProtocol.PROTOCOL_VERSION));
            send(socket, new RpcFrame.Request(41, 3, new byte[] {7, 8}));
            assertEquals(new RpcFrame.HelloOk(1), readFrame(socket.getInputStream()));
            RpcFrame.ResponseOk ok = assertInstanceOf(RpcFrame.ResponseOk.class, readFrame(socket.getInputStream()));
            assertEquals(41, ok.requestId());
            assertEquals(List.of((byte) 7, (byte) 8), List.of(ok.payload()[0], ok.payload()[1]));
        }
    }

    @Test
    void wrongMagicIsToldWhyAndDisconnected() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, ECHO); Socket socket = connect(server)) {
            send(socket, new RpcFrame.Hello(0x58585858, RpcProtocol.PROTOCOL_VERSION));
            List<RpcFrame> frames = readUntilClosed(socket);
            assertEquals(1, frames.size(), frames.toString());
            RpcFrame.ResponseError refusal = assertInstanceOf(RpcFrame.ResponseError.class, frames.get(0));
            assertEquals(RpcProtocol.HANDSHAKE_REQUEST_ID, refusal.requestId());
            assertEquals(ErrorCode.INVALID_REQUEST, refusal.code());
            assertEquals("bad magic 0x58585858 in HELLO; expected 0x42534C54 (\"BSLT\")", refusal.message());
        }
    }

    @Test
    void requestBeforeHelloIsDisconnected() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, ECHO); Socket socket = connect(server)) {
            send(socket, new RpcFrame.Request(1, 3, new byte[0]));
            List<RpcFrame> frames = readUntilClosed(socket);
            RpcFrame.ResponseError refusal = assertInstanceOf(RpcFrame.ResponseError.class, frames.get(0));
            assertEquals("REQUEST before HELLO", refusal.message());
        }
    }

    @Test
    void frameOverTheLimitIsDisconnectedBeforeItsBytesArrive() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, ECHO); Socket socket = connect(server)) {
            send(socket, new RpcFrame.Hello(RpcProtocol.MAGIC, RpcProtocol.PROTOCOL_VERSION));
            assertEquals(new RpcFrame.HelloOk(1), readFrame(socket.getInputStream()));
            // Only the length prefix: one byte more than a frame may hold, counting the prefix itself.
            new DataOutputStream(socket.getOutputStream()).writeInt(RpcProtocol.FRAME_BYTES_MAX - RpcProtocol.LENGTH_FIELD_BYTES + 1);
            List<RpcFrame> frames = readUntilClosed(socket);
            RpcFrame.ResponseError refusal = assertInstanceOf(RpcFrame.ResponseError.class, frames.get(0));
            assertTrue(refusal.message().contains(Integer.toString(RpcProtocol.FRAME_BYTES_MAX)), refusal.message());
        }
    }

    @Test
    void pingIsAnsweredWithPongWhileARequestIsStillRunning() throws Exception {
        RpcHandler never = (method, payload) -> new CompletableFuture<>();
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, never); Socket socket = connect(server)) {
            send(socket, new RpcFrame.Hello(RpcProtocol.MAGIC, RpcProtocol.PROTOCOL_VERSION));
            assertEquals(new RpcFrame.HelloOk(1), readFrame(socket.getInputStream()));
            send(socket, new RpcFrame.Request(5, 3, new byte[0]));
            send(socket, new RpcFrame.Ping(77));
            assertEquals(new RpcFrame.Pong(77), readFrame(socket.getInputStream()));
        }
    }

    @Test
    void pingBeforeHelloIsDisconnected() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, ECHO); Socket socket = connect(server)) {
            send(socket, new RpcFrame.Ping(1));
            List<RpcFrame> frames = readUntilClosed(socket);
            RpcFrame.ResponseError refusal = assertInstanceOf(RpcFrame.ResponseError.class, frames.get(0));
            assertEquals("PING before HELLO", refusal.message());
        }
    }

    private static Socket connect(RpcServer server) throws IOException {
        Socket socket = new Socket(server.address().host(), server.address().port());
        socket.setSoTimeout((int) Outcomes.WAIT_MS);
        return socket;
    }

    private static void send(Socket socket, RpcFrame frame) throws IOException {
        ByteBuf encoded = RpcProtocol.encode(frame, ByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } finally {
            encoded.release();
        }
    }

    /** Reads frames until the server closes the connection; fails if it stays open. */
    private static List<RpcFrame> readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                received.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + Outcomes.WAIT_MS + " ms");
        }
        ByteBuf bytes = Unpooled.wrappedBuffer(received.toByteArray());
        List<RpcFrame> frames = new ArrayList<>();
        while (bytes.isReadable()) {
            int length = bytes.readInt();
            frames.add(RpcProtocol.decode(bytes.readSlice(length)));
        }
        return frames;
    }

    private static RpcFrame readFrame(InputStream in) throws IOException {
        byte[] prefix = in.readNBytes(RpcProtocol.LENGTH_FIELD_BYTES);
        int length = Unpooled.wrappedBuffer(prefix).readInt();
        return RpcProtocol.decode(Unpooled.wrappedBuffer(in.readNBytes(length)));
    }
}
