package dev.basalt.common.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.List;

/**
 * Turns length-delimited buffers into {@link RpcFrame}s and back. {@link #install} puts the same
 * three stages in front of the client's and the server's connection handler:
 *
 * <pre>
 *   socket &lt;-&gt; flush consolidation &lt;-&gt; length-field framing (inbound) &lt;-&gt; this codec &lt;-&gt; handler
 * </pre>
 */
@Sharable
final class RpcFrameCodec extends MessageToMessageCodec<ByteBuf, RpcFrame> {
    private static final RpcFrameCodec INSTANCE = new RpcFrameCodec();
    /**
     * Writes between forced flushes when a burst is consolidated. Netty's default: large enough to
     * fill a packet with small frames, small enough that a burst never waits long.
     */
    private static final int FLUSH_CONSOLIDATION_WRITES_MAX = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

    private RpcFrameCodec() {
    }

    /**
     * Adds framing to a new channel's pipeline. A frame longer than {@code frameBytesMax} fails with
     * {@code TooLongFrameException} as soon as its length prefix is read, before its bytes arrive.
     */
    static void install(ChannelPipeline pipeline, int frameBytesMax) {
        // First in the pipeline so that it sees every flush. While a read is in progress flushes
        // wait for the end of the read; otherwise one flush is scheduled for a burst of writes.
        pipeline.addLast("flush", new FlushConsolidationHandler(FLUSH_CONSOLIDATION_WRITES_MAX, true));
        pipeline.addLast("framing", new LengthFieldBasedFrameDecoder(frameBytesMax,
                0, RpcProtocol.LENGTH_FIELD_BYTES, 0, RpcProtocol.LENGTH_FIELD_BYTES, true));
        pipeline.addLast("codec", INSTANCE);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RpcFrame frame, List<Object> out) {
        out.add(RpcProtocol.encode(frame, ctx.alloc()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(RpcProtocol.decode(frame));
    }
}
