package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The wire format and limits of the RPC protocol in one place: the frame kinds, their encoding,
 * and the bounds both ends enforce. The package documentation draws the frame layouts.
 */
final class RpcProtocol {
    /** "BSLT": the first bytes after a HELLO's header, so a stray connection is told apart at once. */
    static final int MAGIC = 0x42534C54;
    static final int PROTOCOL_VERSION = 1;

    /** A whole frame, length prefix included. A larger value must be split by the layer above. */
    static final int FRAME_BYTES_MAX = 64 * 1024 * 1024;
    /** Calls waiting for an answer on one connection; the client refuses more with SERVER_BUSY. */
    static final int PENDING_CALLS_MAX = 65_536;
    /** How long either end waits for the other's HELLO or HELLO_OK before closing the connection. */
    static final long HANDSHAKE_TIMEOUT_MS = 2_000;
    /**
     * While calls wait on a connection and nothing has arrived for this long, the client sends a
     * PING; the server answers PONG from its event loop, whatever its handlers are doing.
     */
    static final long PING_INTERVAL_MS = 400;
    /**
     * A connection with calls waiting on which nothing at all (answer, PONG) arrived for this long
     * is declared broken: the peer is paused, cut off or wedged. Its calls fail with
     * CONNECTION_FAILURE at once, so callers turn to another node instead of waiting out their
     * own, much longer, timeouts.
     */
    static final long SILENCE_MS_MAX = 2_000;
    /** Error messages are cut to this many characters so that an error can never exceed a frame. */
    static final int ERROR_MESSAGE_CHARS_MAX = 8_192;
    /** Methods travel as u16. */
    static final int METHOD_MAX = 0xFFFF;
    static final long HANDSHAKE_REQUEST_ID = 0;

    static final int KIND_HELLO = 1;
    static final int KIND_HELLO_OK = 2;
    static final int KIND_REQUEST = 3;
    static final int KIND_RESPONSE_OK = 4;
    static final int KIND_RESPONSE_ERROR = 5;
    static final int KIND_PING = 6;
    static final int KIND_PONG = 7;

    static final int LENGTH_FIELD_BYTES = 4;
    /** Length prefix, kind, request id: the part every frame has. */
    static final int HEADER_BYTES = LENGTH_FIELD_BYTES + 1 + 8;
    /** Header and method: what a request adds to its payload. */
    static final int REQUEST_HEADER_BYTES = HEADER_BYTES + 2;
    /** What a successful response adds to its payload. */
    static final int RESPONSE_HEADER_BYTES = HEADER_BYTES;

    private RpcProtocol() {
    }

    /** The encoded size of a request carrying {@code payloadBytes}, length prefix included. */
    static long requestFrameBytes(int payloadBytes) {
        return (long) REQUEST_HEADER_BYTES + payloadBytes;
    }

    /** The encoded size of a successful response carrying {@code payloadBytes}, length prefix included. */
    static long responseFrameBytes(int payloadBytes) {
        return (long) RESPONSE_HEADER_BYTES + payloadBytes;
    }

    /** Encodes a whole frame, length prefix included, into a buffer of exactly its size. */
    static ByteBuf encode(RpcFrame frame, ByteBufAllocator allocator) {
        if (frame instanceof RpcFrame.Hello hello) {
            ByteBuf out = startFrame(allocator, HEADER_BYTES + 4 + 2, KIND_HELLO, frame.requestId());
            out.writeInt(hello.magic());
            out.writeShort(u16(hello.protocolVersion()));
            return out;
        }
        if (frame instanceof RpcFrame.HelloOk helloOk) {
            ByteBuf out = startFrame(allocator, HEADER_BYTES + 2, KIND_HELLO_OK, frame.requestId());
            out.writeShort(u16(helloOk.protocolVersion()));
            return out;
        }
        if (frame instanceof RpcFrame.Request request) {
            ByteBuf out = startFrame(allocator, requestFrameBytes(request.payload().length), KIND_REQUEST, frame.requestId());
            out.writeShort(u16(request.method()));
            out.writeBytes(request.payload());
            return out;
        }
        if (frame instanceof RpcFrame.Ping || frame instanceof RpcFrame.Pong) {
            return startFrame(allocator, HEADER_BYTES, frame instanceof RpcFrame.Ping ? KIND_PING : KIND_PONG, frame.requestId());
        }
        if (frame instanceof RpcFrame.ResponseOk ok) {
            ByteBuf out = startFrame(allocator, responseFrameBytes(ok.payload().length), KIND_RESPONSE_OK, frame.requestId());
            out.writeBytes(ok.payload());
            return out;
        }
        RpcFrame.ResponseError error = (RpcFrame.ResponseError) frame;
        byte[] body = new ByteWriter().i32(error.code().code()).string(error.message()).toByteArray();
        ByteBuf out = startFrame(allocator, (long) HEADER_BYTES + body.length, KIND_RESPONSE_ERROR, frame.requestId());
        out.writeBytes(body);
        return out;
    }

    /**
     * Decodes one frame whose length prefix has already been stripped, consuming the buffer. A
     * truncated or unknown frame fails with INVALID_REQUEST.
     */
    static RpcFrame decode(ByteBuf in) {
        if (in.readableBytes() < HEADER_BYTES - LENGTH_FIELD_BYTES) {
            throw malformed("a frame of " + in.readableBytes() + " bytes is shorter than its header");
        }
        int kind = in.readUnsignedByte();
        long requestId = in.readLong();
        switch (kind) {
            case KIND_HELLO -> {
                need(in, 6, "HELLO");
                RpcFrame.Hello hello = new RpcFrame.Hello(in.readInt(), in.readUnsignedShort());
                expectEnd(in, "HELLO");
                return hello;
            }
            case KIND_HELLO_OK -> {
                need(in, 2, "HELLO_OK");
                RpcFrame.HelloOk helloOk = new RpcFrame.HelloOk(in.readUnsignedShort());
                expectEnd(in, "HELLO_OK");
                return helloOk;
            }
            case KIND_REQUEST -> {
                need(in, 2, "REQUEST");
                int method = in.readUnsignedShort();
                return new RpcFrame.Request(requestId, method, rest(in));
            }
            case KIND_RESPONSE_OK -> {
                return new RpcFrame.ResponseOk(requestId, rest(in));
            }
            case KIND_RESPONSE_ERROR -> {
                ByteReader reader = new ByteReader(rest(in));
                ErrorCode code = ErrorCode.fromCode(reader.i32());
                String message = reader.string();
                reader.expectEnd();
                return new RpcFrame.ResponseError(requestId, code, message);
            }
            case KIND_PING -> {
                expectEnd(in, "PING");
                return new RpcFrame.Ping(requestId);
            }
            case KIND_PONG -> {
                expectEnd(in, "PONG");
                return new RpcFrame.Pong(requestId);
            }
            default -> throw malformed("unknown frame kind " + kind);
        }
    }

    /** A message fit for the wire: at most {@link #ERROR_MESSAGE_CHARS_MAX} characters. */
    static String truncateMessage(String message) {
        if (message == null || message.length() <= ERROR_MESSAGE_CHARS_MAX) {
            return message;
        }
        return message.substring(0, ERROR_MESSAGE_CHARS_MAX - 1) + "…";
    }

    /** Allocates a buffer for a frame of {@code frameBytes} and writes the header every frame has. */
    private static ByteBuf startFrame(ByteBufAllocator allocator, long frameBytes, int kind, long requestId) {
        if (frameBytes > FRAME_BYTES_MAX) {
            // Both ends check sizes before they build a frame, so reaching this is a bug.
            throw new IllegalStateException("Cannot encode a frame of " + frameBytes + " bytes; the limit is " + FRAME_BYTES_MAX);
        }
        ByteBuf out = allocator.buffer((int) frameBytes);
        out.writeInt((int) frameBytes - LENGTH_FIELD_BYTES);
        out.writeByte(kind);
        out.writeLong(requestId);
        return out;
    }

    private static int u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalStateException("Cannot encode " + value + " as u16");
        }
        return value;
    }

    private static byte[] rest(ByteBuf in) {
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        return bytes;
    }

    private static void need(ByteBuf in, int bytes, String kindName) {
        if (in.readableBytes() < bytes) {
            throw malformed(kindName + " needs " + bytes + " bytes after its header, has " + in.readableBytes());
        }
    }

    private static void expectEnd(ByteBuf in, String kindName) {
        if (in.isReadable()) {
            throw malformed(kindName + " has " + in.readableBytes() + " trailing bytes");
        }
    }

    /** A cause for a log line or an error message: its message, or its type when it has none. */
    static String describe(Throwable error) {
        if (error == null) {
            return "no cause given";
        }
        // Netty wraps what a decoder throws; the interesting message is the wrapped one.
        if (error instanceof DecoderException && !(error instanceof TooLongFrameException) && error.getCause() != null) {
            return describe(error.getCause());
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    /** Whether {@code error} is, or wraps, a failure of TLS (a handshake, a certificate, a bad record). */
    static boolean isTlsFailure(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    /** {@code host:port} of a socket address, without the "/" that InetSocketAddress.toString adds. */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return new HostPort(inet.getHostString(), inet.getPort()).toString();
        }
        return String.valueOf(address);
    }

    private static BasaltException malformed(String what) {
        return new BasaltException(ErrorCode.INVALID_REQUEST, "malformed frame: " + what);
    }
}
