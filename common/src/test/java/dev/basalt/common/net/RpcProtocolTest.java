package dev.basalt.common.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RpcProtocolTest {

    @Test
    void helloStartsWithKindZeroIdAndMagic() {
        byte[] bytes = encode(new RpcFrame.Hello(RpcProtocol.MAGIC, 1));
        byte[] expected = {0, 0, 0, 15, 1, 0, 0, 0, 0, 0, 0, 0, 0, 'B', 'S', 'L', 'T', 0, 1};
        assertArrayEquals(expected, bytes);
    }

    @Test
    void helloRoundTrips() {
        RpcFrame.Hello hello = assertInstanceOf(RpcFrame.Hello.class, roundTrip(new RpcFrame.Hello(0x01020304, 7)));
        assertEquals(0x01020304, hello.magic());
        assertEquals(7, hello.protocolVersion());
    }

    @Test
    void helloOkRoundTrips() {
        assertEquals(new RpcFrame.HelloOk(1), roundTrip(new RpcFrame.HelloOk(1)));
    }

    @Test
    void requestRoundTrips() {
        byte[] payload = "select 1".getBytes(StandardCharsets.UTF_8);
        RpcFrame.Request request = assertInstanceOf(RpcFrame.Request.class,
                roundTrip(new RpcFrame.Request(Long.MAX_VALUE, 65_535, payload)));
        assertEquals(Long.MAX_VALUE, request.requestId());
        assertEquals(65_535, request.method());
        assertArrayEquals(payload, request.payload());
    }

    @Test
    void requestFrameSizeIsHeaderPlusPayload() {
        assertEquals(RpcProtocol.requestFrameBytes(100), encode(new RpcFrame.Request(1, 2, new byte[100])).length);
    }

    @Test
    void emptyResponseRoundTrips() {
        RpcFrame.ResponseOk ok = assertInstanceOf(RpcFrame.ResponseOk.class, roundTrip(new RpcFrame.ResponseOk(9, new byte[0])));
        assertEquals(9, ok.requestId());
        assertEquals(0, ok.payload().length);
    }

    @Test
    void errorRoundTripsWithCodeAndUtf8Message() {
        RpcFrame.ResponseError error = new RpcFrame.ResponseError(3, ErrorCode.SERIALIZATION_FAILURE, "conflict on clé 42");
        assertEquals(error, roundTrip(error));
    }

    @Test
    void unknownFrameKindIsMalformed() {
        ByteBuf frame = Unpooled.buffer().writeByte(99).writeLong(1);
        BasaltException e = assertThrows(BasaltException.class, () -> RpcProtocol.decode(frame));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("unknown frame kind 99"), e.getMessage());
    }

    @Test
    void frameShorterThanHeaderIsMalformed() {
        ByteBuf frame = Unpooled.buffer().writeByte(RpcProtocol.KIND_RESPONSE_OK).writeInt(1);
        BasaltException e = assertThrows(BasaltException.class, () -> RpcProtocol.decode(frame));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void helloWithTrailingBytesIsMalformed() {
        ByteBuf frame = Unpooled.buffer().writeByte(RpcProtocol.KIND_HELLO).writeLong(0)
                .writeInt(RpcProtocol.MAGIC).writeShort(1).writeByte(0);
        BasaltException e = assertThrows(BasaltException.class, () -> RpcProtocol.decode(frame));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void truncatedErrorMessageIsMalformed() {
        ByteBuf frame = Unpooled.buffer().writeByte(RpcProtocol.KIND_RESPONSE_ERROR).writeLong(5)
                .writeInt(ErrorCode.TIMEOUT.code()).writeInt(100).writeByte('x');
        BasaltException e = assertThrows(BasaltException.class, () -> RpcProtocol.decode(frame));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void longErrorMessagesAreCutToTheLimit() {
        String message = "x".repeat(RpcProtocol.ERROR_MESSAGE_CHARS_MAX + 10);
        assertEquals(RpcProtocol.ERROR_MESSAGE_CHARS_MAX, RpcProtocol.truncateMessage(message).length());
        assertEquals("short", RpcProtocol.truncateMessage("short"));
    }

    private static byte[] encode(RpcFrame frame) {
        ByteBuf buf = RpcProtocol.encode(frame, ByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    /** Encodes, checks the length prefix, and decodes what follows it, as the pipeline does. */
    private static RpcFrame roundTrip(RpcFrame frame) {
        byte[] bytes = encode(frame);
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        assertEquals(bytes.length - RpcProtocol.LENGTH_FIELD_BYTES, buf.readInt(), "length prefix");
        RpcFrame decoded = RpcProtocol.decode(buf);
        assertEquals(0, buf.readableBytes(), "bytes left after decoding");
        return decoded;
    }
}
