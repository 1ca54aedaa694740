package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of one connection: checks the client's HELLO, passes each request to the
 * {@link RpcHandler}, and writes the answer when the handler's future completes.
 *
 * <p>The handshake fields are touched only on the connection's event loop. Answers are written
 * from whichever thread completes the handler's future; Netty moves the write onto the event loop.
 */
final class ServerConnection extends SimpleChannelInboundHandler<RpcFrame> {
    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

    private final String serverName;
    private final RpcHandler handler;
    /** Requests whose handler future has not completed; decremented on the completing thread. */
    private final AtomicInteger requestsInFlight = new AtomicInteger();

    // Event loop only.
    private String peer = "an unknown peer";
    private boolean helloReceived;
    /** Set once the connection is being closed for a protocol violation: later frames are ignored. */
    private boolean refused;
    private ScheduledFuture<?> helloTimer;
    /**
     * How long after accepting the connection its HELLO must arrive: longer on a port that also
     * speaks TLS, where a handshake may come first (the HELLO then has {@code HANDSHAKE_TIMEOUT_MS}
     * from the end of that handshake).
     */
    private final long helloWaitMs;

    ServerConnection(String serverName, RpcHandler handler, boolean tlsOffered) {
        this.serverName = serverName;
        this.handler = handler;
        this.helloWaitMs = RpcProtocol.HANDSHAKE_TIMEOUT_MS + (tlsOffered ? ServerTls.HANDSHAKE_TIMEOUT_MS : 0);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        peer = RpcProtocol.describe(ctx.channel().remoteAddress());
        log.debug("{}: connection from {} opened", serverName, peer);
        startHelloTimer(ctx, helloWaitMs);
        super.channelActive(ctx);
    }

    private void startHelloTimer(ChannelHandlerContext ctx, long waitMs) {
        helloTimer = ctx.executor().schedule(() -> refuse(ctx, "no HELLO within " + waitMs + " ms"), waitMs, TimeUnit.MILLISECONDS);
    }

    /** The end of a TLS handshake (only on a connection that started one): the HELLO is due now. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                log.debug("{}: connection from {} is encrypted ({})", serverName, peer,
                        ctx.pipeline().get(SslHandler.class).engine().getSession().getProtocol());
                if (!helloReceived && !refused) {
                    cancelHelloTimer();
                    startHelloTimer(ctx, RpcProtocol.HANDSHAKE_TIMEOUT_MS);
                }
            } else {
                log.info("{}: TLS handshake from {} failed: {}", serverName, peer, RpcProtocol.describe(handshake.cause()));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelHelloTimer();
        log.debug("{}: connection from {} closed with {} requests in flight", serverName, peer, requestsInFlight.get());
        if (handler instanceof AutoCloseable scoped) {
            // A handler made for this connection (a client session) ends with it.
            try {
                scoped.close();
            } catch (Exception e) {
                log.warn("{}: closing the handler of the connection from {} failed", serverName, peer, e);
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RpcFrame frame) {
        if (refused) {
            return;
        }
        if (frame instanceof RpcFrame.Request request) {
            if (!helloReceived) {
                refuse(ctx, "REQUEST before HELLO");
                return;
            }
            dispatch(ctx, request);
        } else if (frame instanceof RpcFrame.Ping ping) {
            if (!helloReceived) {
                refuse(ctx, "PING before HELLO");
                return;
            }
            ctx.writeAndFlush(new RpcFrame.Pong(ping.requestId())).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else if (frame instanceof RpcFrame.Hello hello) {
            acceptHello(ctx, hello);
        } else {
            refuse(ctx, "a client may not send " + frame.getClass().getSimpleName());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (RpcProtocol.isTlsFailure(cause)) {
            // Logged with the handshake's outcome; there is no channel left to send a plaintext refusal on.
            log.debug("{}: TLS failure on the connection from {}: {}", serverName, peer, RpcProtocol.describe(cause));
            ctx.close();
        } else if (cause instanceof DecoderException) {
            // A frame over the limit or one that does not decode: the stream cannot be trusted further.
            refuse(ctx, RpcProtocol.describe(cause));
        } else if (cause instanceof IOException) {
            log.debug("{}: connection from {} failed: {}", serverName, peer, RpcProtocol.describe(cause));
            ctx.close();
        } else {
            log.warn("{}: closing connection from {} after an unexpected error", serverName, peer, cause);
            ctx.close();
        }
    }

    private void acceptHello(ChannelHandlerContext ctx, RpcFrame.Hello hello) {
        if (helloReceived) {
            refuse(ctx, "a second HELLO");
        } else if (hello.magic() != RpcProtocol.MAGIC) {
            refuse(ctx, String.format("bad magic 0x%08X in HELLO; expected 0x%08X (\"BSLT\")", hello.magic(), RpcProtocol.MAGIC));
        } else if (hello.protocolVersion() != RpcProtocol.PROTOCOL_VERSION) {
            refuse(ctx, "protocol version " + hello.protocolVersion() + " is not supported; this server speaks version "
                    + RpcProtocol.PROTOCOL_VERSION);
        } else {
            helloReceived = true;
            cancelHelloTimer();
            ctx.writeAndFlush(new RpcFrame.HelloOk(RpcProtocol.PROTOCOL_VERSION))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, RpcFrame.Request request) {
        // Only this event loop increments, so the check and the increment cannot race past the limit.
        if (requestsInFlight.get() >= RpcProtocol.PENDING_CALLS_MAX) {
            answer(ctx, new RpcFrame.ResponseError(request.requestId(), ErrorCode.SERVER_BUSY,
                    serverName + ": connection from " + peer + " already has " + RpcProtocol.PENDING_CALLS_MAX
                            + " requests in flight; method " + request.method() + " refused"));
            return;
        }
        requestsInFlight.incrementAndGet();
        CompletableFuture<byte[]> result;
        try {
            result = handler.handle(request.method(), request.payload());
            if (result == null) {
                result = CompletableFuture.failedFuture(new IllegalStateException(
                        "handler returned no future for method " + request.method()));
            }
        } catch (Exception e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((payload, failure) -> {
            requestsInFlight.decrementAndGet();
            answer(ctx, outcome(request, payload, failure));
        });
    }

    private RpcFrame outcome(RpcFrame.Request request, byte[] payload, Throwable failure) {
        if (failure == null && payload == null) {
            failure = new IllegalStateException("handler completed method " + request.method() + " with null instead of bytes");
        }
        if (failure != null) {
            Throwable cause = unwrap(failure);
            if (cause instanceof BasaltException basalt) {
                return new RpcFrame.ResponseError(request.requestId(), basalt.code(),
                        RpcProtocol.truncateMessage(basalt.getMessage()));
            }
            log.warn("{}: handler for method {} from {} failed", serverName, request.method(), peer, cause);
            return new RpcFrame.ResponseError(request.requestId(), ErrorCode.INTERNAL_ERROR,
                    RpcProtocol.truncateMessage(RpcProtocol.describe(cause)));
        }
        if (RpcProtocol.responseFrameBytes(payload.length) > RpcProtocol.FRAME_BYTES_MAX) {
            String message = "response to method " + request.method() + " is " + payload.length
                    + " bytes; a frame holds at most " + RpcProtocol.FRAME_BYTES_MAX;
            log.warn("{}: {} (to {})", serverName, message, peer);
            return new RpcFrame.ResponseError(request.requestId(), ErrorCode.INTERNAL_ERROR, message);
        }
        return new RpcFrame.ResponseOk(request.requestId(), payload);
    }

    /** Writes an answer; any thread may call this. */
    private void answer(ChannelHandlerContext ctx, RpcFrame frame) {
        if (!ctx.channel().isActive()) {
            log.debug("{}: connection from {} is closed; the answer to request {} is dropped",
                    serverName, peer, frame.requestId());
            return;
        }
        ctx.writeAndFlush(frame).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /**
     * Tells the client why its connection is being closed (as an error for request id 0), logs it,
     * and closes once that is written. Event loop only.
     */
    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (refused) {
            return;
        }
        refused = true;
        cancelHelloTimer();
        log.warn("{}: closing connection from {}: {}", serverName, peer, reason);
        ctx.writeAndFlush(new RpcFrame.ResponseError(RpcProtocol.HANDSHAKE_REQUEST_ID, ErrorCode.INVALID_REQUEST,
                        RpcProtocol.truncateMessage(reason)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelHelloTimer() {
        if (helloTimer != null) {
            helloTimer.cancel(false);
            helloTimer = null;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
