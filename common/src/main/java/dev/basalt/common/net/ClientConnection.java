package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's connection to one target: opens the socket, says HELLO, numbers the calls, matches
 * answers to calls by request id, times calls out, and fails every waiting call when the
 * connection breaks. A broken connection stays broken; {@link RpcClient} opens a new one for the
 * next call.
 *
 * <pre>
 *   CONNECTING --connected, HELLO sent--&gt; HANDSHAKING --HELLO_OK--&gt; READY
 *        \                                    |                        |
 *         +---------- refused, timed out, lost, closed ---------------+--&gt; BROKEN
 * </pre>
 *
 * Calls made before READY wait in {@link #awaitingHandshake} and are written, in order, when
 * HELLO_OK arrives. All mutable state belongs to {@link #loop}, the event loop of the channel:
 * {@link #call} and {@link #close} hand their work to it, so nothing here takes a lock.
 */
final class ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(RpcClient.class);

    /** What every connection of one {@link RpcClient} shares; {@code tls} is null for plaintext. */
    record Settings(String clientName, int frameBytesMax, int pendingCallsMax, int helloVersion, ClientTls tls) {
        /** The HELLO exchange's bound, counted from the TCP connect: a TLS handshake comes first when there is one. */
        long helloWaitMs() {
            return RpcProtocol.HANDSHAKE_TIMEOUT_MS + (tls == null ? 0 : ClientTls.HANDSHAKE_TIMEOUT_MS);
        }
    }

    /** Told, on the event loop, when the server first answers and when the connection breaks. */
    interface Listener {
        void answered(ClientConnection connection);

        /**
         * {@code unresponsive}: the server did not answer in time (connecting timed out, the HELLO
         * went unanswered, or it fell silent with calls waiting), as opposed to a connection that
         * was refused or closed, which fails fast by itself.
         */
        void broken(ClientConnection connection, boolean unresponsive, String reason);
    }

    private final Settings settings;
    private final HostPort target;
    private final InetSocketAddress address;
    private final EventLoop loop;
    private final Listener listener;
    /** Written on the event loop; read by callers choosing a connection. */
    private volatile boolean broken;
    /** Written on the event loop when HELLO_OK arrives; read by callers. */
    private volatile boolean answered;
    /** The negotiated TLS protocol once the TLS handshake succeeded; null on a plaintext connection. */
    private volatile String tlsProtocol;

    // Event loop only.
    private Channel channel;
    private final Map<Long, PendingCall> pending = new HashMap<>();
    private final ArrayDeque<PendingCall> awaitingHandshake = new ArrayDeque<>();
    private long nextRequestId = RpcProtocol.HANDSHAKE_REQUEST_ID + 1;
    private boolean ready;
    private ScheduledFuture<?> handshakeTimer;
    /** Checks every PING_INTERVAL_MS that a connection with calls waiting still hears from its server. */
    private ScheduledFuture<?> healthTimer;
    /** When the server was last heard from, or calls started waiting on a silent connection (System.nanoTime). */
    private long heardNanos;
    private long nextPingId = 1;
    /** Why the channel is being closed, when this end knows: completes the "connection lost" message. */
    private String closeReason;
    /** Set when the connection breaks; every later call fails with it. */
    private String failure;
    /** Why the TLS handshake failed, if it did: the connection's failure, whatever else is seen while it closes. */
    private String tlsFailure;
    /**
     * The server did not answer in time: the connection attempt timed out, the HELLO went
     * unanswered, or the server fell silent with calls waiting (a refused or closed connection
     * fails fast by itself and does not count).
     */
    private boolean unresponsive;

    /** One call waiting for its answer. */
    private static final class PendingCall {
        final int method;
        final long timeoutMs;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        /** Held until the request is written, then dropped so that large payloads are not kept. */
        byte[] payload;
        long requestId;
        ScheduledFuture<?> timer;

        PendingCall(int method, byte[] payload, long timeoutMs) {
            this.method = method;
            this.payload = payload;
            this.timeoutMs = timeoutMs;
        }
    }

    ClientConnection(Settings settings, HostPort target, InetSocketAddress address, EventLoop loop,
            Listener listener) {
        this.settings = settings;
        this.target = target;
        this.address = address;
        this.loop = loop;
        this.listener = listener;
    }

    HostPort target() {
        return target;
    }

    /** False once the connection has broken; the caller should open a new one. */
    boolean isUsable() {
        return !broken;
    }

    /** True once the server answered the HELLO (the connection may have broken since). */
    boolean hasAnswered() {
        return answered;
    }

    String tlsProtocol() {
        return tlsProtocol;
    }

    /** Starts connecting. Call once, right after construction. */
    void open() {
        try {
            loop.execute(this::connect);
        } catch (RejectedExecutionException e) {
            // The client is closing; calls handed to this connection will be refused the same way.
            broken = true;
        }
    }

    /** Sends one request; any thread may call this. Arguments are checked by {@link RpcClient}. */
    CompletableFuture<byte[]> call(int method, byte[] payload, long timeoutMs) {
        PendingCall call = new PendingCall(method, payload, timeoutMs);
        try {
            loop.execute(() -> register(call));
        } catch (RejectedExecutionException e) {
            call.result.completeExceptionally(new BasaltException(ErrorCode.CONNECTION_FAILURE,
                    "rpc client " + settings.clientName() + " is closed; cannot call " + target));
        }
        return call.result;
    }

    /** Fails every waiting call with {@code reason} and closes the channel; done when that has happened. */
    Future<Void> close(String reason) {
        Promise<Void> done = loop.newPromise();
        try {
            loop.execute(() -> {
                breakConnection(reason);
                done.setSuccess(null);
            });
        } catch (RejectedExecutionException e) {
            done.setSuccess(null);
        }
        return done;
    }

    private void connect() {
        checkOnLoop();
        if (address.isUnresolved()) {
            // Checked here so that Netty does not retry the lookup, blocking this event loop.
            breakConnection("cannot connect to " + target + ": host " + target.host() + " is unknown");
            return;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) RpcClient.CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel newChannel) {
                        if (settings.tls() != null) {
                            newChannel.pipeline().addLast("tls", settings.tls().newHandler(newChannel.alloc(), target));
                        }
                        RpcFrameCodec.install(newChannel.pipeline(), settings.frameBytesMax());
                        newChannel.pipeline().addLast("rpc", new Handler());
                    }
                });
        log.debug("{}: connecting to {}", settings.clientName(), target);
        ChannelFuture connecting = bootstrap.connect(address);
        channel = connecting.channel();
        connecting.addListener((ChannelFuture attempt) -> {
            if (!attempt.isSuccess()) {
                unresponsive = attempt.cause() instanceof ConnectTimeoutException;
                breakConnection("cannot connect to " + target + ": " + RpcProtocol.describe(attempt.cause()));
            }
        });
    }

    private void register(PendingCall call) {
        checkOnLoop();
        if (failure != null) {
            call.result.completeExceptionally(new BasaltException(ErrorCode.CONNECTION_FAILURE, failure));
            return;
        }
        if (pending.size() >= settings.pendingCallsMax()) {
            call.result.completeExceptionally(new BasaltException(ErrorCode.SERVER_BUSY,
                    "connection to " + target + " already has " + pending.size() + " pending calls (the limit); method "
                            + call.method + " refused"));
            return;
        }
        if (pending.isEmpty()) {
            heardNanos = System.nanoTime(); // the silence allowance starts with the first waiting call
        }
        call.requestId = nextRequestId++;
        pending.put(call.requestId, call);
        call.timer = loop.schedule(() -> timeOut(call), call.timeoutMs, TimeUnit.MILLISECONDS);
        if (ready) {
            send(call);
        } else {
            awaitingHandshake.add(call);
        }
    }

    private void send(PendingCall call) {
        RpcFrame.Request request = new RpcFrame.Request(call.requestId, call.method, call.payload);
        call.payload = null;
        // A failed write reaches exceptionCaught, which closes the channel and so fails the call.
        channel.writeAndFlush(request).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void timeOut(PendingCall call) {
        if (pending.remove(call.requestId, call)) {
            call.result.completeExceptionally(new BasaltException(ErrorCode.TIMEOUT,
                    "call to " + target + " method " + call.method + " timed out after " + call.timeoutMs + " ms"));
        }
    }

    private void answer(long requestId, byte[] payload, BasaltException error) {
        PendingCall call = pending.remove(requestId);
        if (call == null) {
            log.debug("{}: answer from {} to request {} arrived after its call timed out", settings.clientName(), target, requestId);
            return;
        }
        call.timer.cancel(false);
        if (error == null) {
            call.result.complete(payload);
        } else {
            call.result.completeExceptionally(error);
        }
    }

    private void handshakeDone(int serverVersion) {
        if (ready || serverVersion != RpcProtocol.PROTOCOL_VERSION) {
            closeForViolation(ready ? "a second HELLO_OK"
                    : "HELLO_OK with protocol version " + serverVersion + "; this client speaks version "
                            + RpcProtocol.PROTOCOL_VERSION);
            return;
        }
        ready = true;
        answered = true;
        listener.answered(this);
        cancelHandshakeTimer();
        heardNanos = System.nanoTime();
        healthTimer = loop.scheduleAtFixedRate(this::checkHealth, RpcProtocol.PING_INTERVAL_MS, RpcProtocol.PING_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        log.debug("{}: connected to {}", settings.clientName(), target);
        while (!awaitingHandshake.isEmpty()) {
            PendingCall call = awaitingHandshake.poll();
            // Calls that timed out while waiting are no longer pending and are not sent.
            if (pending.get(call.requestId) == call) {
                send(call);
            }
        }
    }

    /**
     * While calls wait: pings a server that has been silent for a ping interval, and breaks the
     * connection once it has been silent for {@link RpcProtocol#SILENCE_MS_MAX}. An idle connection
     * only restarts the silence clock, so the first call after a long idle period gets the full
     * allowance.
     */
    private void checkHealth() {
        checkOnLoop();
        long now = System.nanoTime();
        if (pending.isEmpty() || failure != null) {
            heardNanos = now;
            return;
        }
        long silentMs = TimeUnit.NANOSECONDS.toMillis(now - heardNanos);
        if (silentMs >= RpcProtocol.SILENCE_MS_MAX) {
            unresponsive = true;
            breakConnection("no answer from " + target + " for " + silentMs + " ms with " + pending.size()
                    + " calls waiting (the node is paused, cut off or overloaded)");
        } else if (silentMs >= RpcProtocol.PING_INTERVAL_MS) {
            channel.writeAndFlush(new RpcFrame.Ping(nextPingId++)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    /** Closes the channel because the server broke the protocol; the calls fail with {@code reason}. */
    private void closeForViolation(String reason) {
        log.warn("{}: closing connection to {}: {}", settings.clientName(), target, reason);
        if (closeReason == null) {
            closeReason = reason;
        }
        channel.close();
    }

    /**
     * The end of this connection: every waiting call fails with CONNECTION_FAILURE and
     * {@code reason}, and so does every later call. Idempotent.
     */
    private void breakConnection(String reason) {
        checkOnLoop();
        if (failure != null) {
            return;
        }
        failure = reason;
        broken = true;
        cancelHandshakeTimer();
        if (healthTimer != null) {
            healthTimer.cancel(false);
        }
        List<PendingCall> failed = new ArrayList<>(pending.values());
        pending.clear();
        awaitingHandshake.clear();
        if (channel != null) {
            channel.close();
        }
        listener.broken(this, unresponsive, reason);
        if (ready) {
            log.info("{}: {}; {} pending calls failed", settings.clientName(), reason, failed.size());
        } else {
            log.debug("{}: {}", settings.clientName(), reason);
        }
        // Completed last: a caller's callback runs here and may make new calls, which must see the failure.
        for (PendingCall call : failed) {
            call.timer.cancel(false);
            call.result.completeExceptionally(new BasaltException(ErrorCode.CONNECTION_FAILURE, reason));
        }
    }

    /** The state above has no locks: touching it from another thread is a bug. */
    private void checkOnLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("Connection to " + target + " used from thread "
                    + Thread.currentThread().getName() + " instead of its event loop");
        }
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }

    /**
     * Why a TLS handshake failed, in words a user can act on. The JDK's messages are kept (they
     * name the certificate problem). A Basalt server without TLS reads the ClientHello as a frame of
     * absurd length, answers with a plaintext error and closes the connection.
     */
    private String explainTlsFailure(Throwable cause) {
        String reason = RpcProtocol.describe(cause);
        for (Throwable e = cause; e != null; e = e.getCause()) {
            if (e instanceof NotSslRecordException) {
                return "the server answered in plaintext: it has no TLS on this port (a node needs --tls-cert and --tls-key)";
            }
            if (e instanceof CertPathValidatorException || e instanceof CertPathBuilderException) {
                return "the server's certificate is not trusted (" + reason + "); give the CA certificate that signed it"
                        + " with sslrootcert, or use sslmode=require to encrypt without checking the certificate";
            }
            String message = String.valueOf(e.getMessage());
            if (e instanceof CertificateException
                    && (message.startsWith("No subject alternative") || message.startsWith("No name matching"))) {
                return "the server's certificate does not name " + target.host() + " (" + reason
                        + "); connect by a name or address in its subject alternative names, or use sslmode=verify-ca";
            }
        }
        if (RpcProtocol.isTlsFailure(cause)) {
            return reason;
        }
        return "the server closed the connection during the handshake (" + reason + "); does it have TLS? A node needs"
                + " --tls-cert and --tls-key";
    }

    /** The pipeline's last stage: runs on {@link #loop}, like everything that touches the state above. */
    private final class Handler extends SimpleChannelInboundHandler<RpcFrame> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(new RpcFrame.Hello(RpcProtocol.MAGIC, settings.helloVersion()))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            // With TLS the HELLO waits in the TLS handler until the handshake is done; both are bounded here.
            long waitMs = settings.helloWaitMs();
            handshakeTimer = loop.schedule(() -> {
                        unresponsive = true;
                        closeForViolation("no answer to HELLO within " + waitMs + " ms"
                                + (settings.tls() == null ? "" : " (TLS handshake included)"));
                    },
                    waitMs, TimeUnit.MILLISECONDS);
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent handshake) {
                if (handshake.isSuccess()) {
                    tlsProtocol = ctx.pipeline().get(SslHandler.class).engine().getSession().getProtocol();
                    log.debug("{}: connection to {} is encrypted ({})", settings.clientName(), target, tlsProtocol);
                } else if (tlsFailure == null) {
                    // A server that does not finish the handshake in time is as unresponsive as one that does not answer HELLO.
                    unresponsive = handshake.cause() instanceof SslHandshakeTimeoutException;
                    tlsFailure = explainTlsFailure(handshake.cause());
                }
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (tlsFailure != null) {
                breakConnection("TLS handshake with " + target + " failed: " + tlsFailure);
            } else {
                breakConnection("connection to " + target + " lost" + (closeReason == null ? "" : ": " + closeReason));
            }
            super.channelInactive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RpcFrame frame) {
            heardNanos = System.nanoTime();
            if (frame instanceof RpcFrame.Pong) {
                return;
            }
            if (frame instanceof RpcFrame.ResponseOk ok) {
                answer(ok.requestId(), ok.payload(), null);
            } else if (frame instanceof RpcFrame.ResponseError error) {
                if (error.requestId() == RpcProtocol.HANDSHAKE_REQUEST_ID) {
                    // The server refused the connection and is closing it; its message says why.
                    refusedByServer(error.message());
                } else {
                    answer(error.requestId(), null, new BasaltException(error.code(), error.message()));
                }
            } else if (frame instanceof RpcFrame.HelloOk helloOk) {
                handshakeDone(helloOk.protocolVersion());
            } else {
                closeForViolation("a server may not send " + frame.getClass().getSimpleName());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!ready && tlsFailure == null && RpcProtocol.isTlsFailure(cause)) {
                tlsFailure = explainTlsFailure(cause);
            }
            String reason = RpcProtocol.describe(cause);
            if (closeReason == null) {
                closeReason = reason;
            }
            if (cause instanceof IOException || tlsFailure != null) {
                // A TLS failure is the caller's error to report, with its reason; no stack trace needed here.
                log.debug("{}: connection to {} failed: {}", settings.clientName(), target, reason);
            } else {
                log.warn("{}: closing connection to {}: {}", settings.clientName(), target, reason, cause);
            }
            ctx.close();
        }

        private void refusedByServer(String message) {
            log.warn("{}: {} refused the connection: {}", settings.clientName(), target, message);
            breakConnection(target + " refused the connection: " + message);
        }
    }
}
