package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link RpcServer}s. Thread-safe: one client serves a whole node. It keeps one connection
 * per target, opened by the first call and shared by all callers; requests on it are pipelined
 * and their answers matched by request id. A connection that breaks fails the calls waiting on it,
 * and the next call to that target opens a new one.
 *
 * <p><b>An unresponsive target fails calls at once.</b> When a target did not answer in time
 * (connecting timed out, the HELLO went unanswered, or the server fell silent with calls waiting:
 * a paused or cut-off node) it is <i>suspected</i>: until a new connection to it is answered, a call to it
 * fails at once with CONNECTION_FAILURE instead of waiting seconds behind a handshake that may
 * never finish, and the call itself starts that new connection. A caller with other places to go
 * (another replica, another oracle member) so moves on in milliseconds while a node is paused or
 * cut off, and the node is used again as soon as it answers. A refused connection (a node down or
 * restarting) fails in milliseconds by itself and raises no suspicion.
 *
 * <p>Futures complete on one of the client's two I/O threads ({@code <name>-rpc-client-…}): a
 * dependent stage that blocks must run on its own executor ({@code thenApplyAsync(f, executor)}).
 * {@link #close} must not be called from those threads.
 */
public final class RpcClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RpcClient.class);

    /** How long opening a TCP connection may take; the HELLO exchange then has its own bound. */
    static final long CONNECT_TIMEOUT_MS = 2_000;
    static final int IO_THREADS = 2;
    /** Bounds {@link #close}: failing the calls, closing the channels, stopping the threads. */
    static final long CLOSE_WAIT_MS = 5_000;

    private final String name;
    private final ClientConnection.Settings settings;
    private final EventLoopGroup group;
    private final ConcurrentHashMap<HostPort, ClientConnection> connections = new ConcurrentHashMap<>();
    /** Targets that did not answer, with why; cleared when a connection to one is answered. */
    private final ConcurrentHashMap<HostPort, String> suspects = new ConcurrentHashMap<>();
    private final ClientConnection.Listener listener = new ClientConnection.Listener() {
        @Override
        public void answered(ClientConnection connection) {
            suspects.remove(connection.target());
        }

        @Override
        public void broken(ClientConnection connection, boolean unresponsive, String reason) {
            if (unresponsive) {
                suspects.put(connection.target(), reason);
            }
            connections.remove(connection.target(), connection);
        }
    };
    /** Guards opening connections against {@link #close}, so that none is opened after it. */
    private final Object lifecycle = new Object();
    private volatile boolean closed;

    /** {@code name} prefixes log lines and thread names. Connections are plaintext. */
    public RpcClient(String name) {
        this(name, null);
    }

    /**
     * With {@code tls} (null: plaintext), every connection starts with a TLS handshake and checks
     * the server's certificate as {@code tls} says, before its HELLO.
     */
    public RpcClient(String name, ClientTls tls) {
        this(name, RpcProtocol.FRAME_BYTES_MAX, RpcProtocol.PENDING_CALLS_MAX, RpcProtocol.PROTOCOL_VERSION, tls);
    }

    /** With smaller limits, or another HELLO version, so that tests reach them cheaply. */
    RpcClient(String name, int frameBytesMax, int pendingCallsMax, int helloVersion) {
        this(name, frameBytesMax, pendingCallsMax, helloVersion, null);
    }

    private RpcClient(String name, int frameBytesMax, int pendingCallsMax, int helloVersion, ClientTls tls) {
        Objects.requireNonNull(name, "name");
        if (frameBytesMax < RpcProtocol.REQUEST_HEADER_BYTES || frameBytesMax > RpcProtocol.FRAME_BYTES_MAX) {
            throw new IllegalArgumentException("frameBytesMax " + frameBytesMax + " is outside ["
                    + RpcProtocol.REQUEST_HEADER_BYTES + ", " + RpcProtocol.FRAME_BYTES_MAX + "]");
        }
        if (pendingCallsMax < 1 || pendingCallsMax > RpcProtocol.PENDING_CALLS_MAX) {
            throw new IllegalArgumentException("pendingCallsMax " + pendingCallsMax + " is outside [1, "
                    + RpcProtocol.PENDING_CALLS_MAX + "]");
        }
        this.name = name;
        this.settings = new ClientConnection.Settings(name, frameBytesMax, pendingCallsMax, helloVersion, tls);
        this.group = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory(name + "-rpc-client", true));
    }

    /**
     * Sends one request to {@code target}. The future completes with the response payload, or
     * exceptionally with a {@link BasaltException}:
     *
     * <ul>
     *   <li>the server's error, with its {@link ErrorCode} and message;
     *   <li>{@code CONNECTION_FAILURE}: the target cannot be reached, refused the connection, or the
     *       connection broke before the answer came; or this client is closed;
     *   <li>{@code TIMEOUT}: no answer within {@code timeoutMs}, counted from this call (the
     *       connection stays open; a late answer is dropped);
     *   <li>{@code SERVER_BUSY}: the connection already has {@code PENDING_CALLS_MAX} calls waiting;
     *   <li>{@code INVALID_REQUEST}: the request would exceed {@code FRAME_BYTES_MAX}, the method is
     *       outside [0, 65535], or the timeout is not positive. Such a call fails at once and
     *       nothing is sent.
     * </ul>
     */
    public CompletableFuture<byte[]> call(HostPort target, int method, byte[] payload, long timeoutMs) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payload, "payload");
        if (method < 0 || method > RpcProtocol.METHOD_MAX) {
            return failed(ErrorCode.INVALID_REQUEST, "call to " + target + ": method " + method
                    + " is outside [0, " + RpcProtocol.METHOD_MAX + "]");
        }
        if (timeoutMs <= 0) {
            return failed(ErrorCode.INVALID_REQUEST, "call to " + target + " method " + method
                    + ": timeout " + timeoutMs + " ms is not positive");
        }
        long frameBytes = RpcProtocol.requestFrameBytes(payload.length);
        if (frameBytes > settings.frameBytesMax()) {
            return failed(ErrorCode.INVALID_REQUEST, "call to " + target + " method " + method + ": a payload of "
                    + payload.length + " bytes makes a frame of " + frameBytes + " bytes; the limit is "
                    + settings.frameBytesMax());
        }
        ClientConnection connection = closed ? null : connectionTo(target);
        if (connection == null) {
            return failed(ErrorCode.CONNECTION_FAILURE, "rpc client " + name + " is closed; cannot call " + target);
        }
        String suspicion = suspects.get(target);
        if (suspicion != null && !connection.hasAnswered()) {
            return failed(ErrorCode.CONNECTION_FAILURE, target + " is not answering (" + suspicion + "); reconnecting");
        }
        return connection.call(method, payload, timeoutMs);
    }

    /**
     * Whether a connection to {@code target} is open and its HELLO was answered, so that a call made
     * now goes out on it rather than on a new connection. A client that ties state to its connection
     * (a SQL session) asks this before a call whose loss it must report differently: a call on a new
     * connection cannot have reached the old connection's state.
     */
    public boolean isConnected(HostPort target) {
        ClientConnection connection = connections.get(target);
        return connection != null && connection.isUsable() && connection.hasAnswered();
    }

    /**
     * The TLS protocol ({@code "TLSv1.3"}) of the open connection to {@code target}, or null when
     * there is none or it is plaintext: what a client (or a test) shows to prove its traffic is
     * encrypted.
     */
    public String tlsProtocol(HostPort target) {
        ClientConnection connection = connections.get(target);
        return connection == null || !connection.isUsable() ? null : connection.tlsProtocol();
    }

    /**
     * Fails every waiting call with {@code CONNECTION_FAILURE}, closes the connections and stops the
     * I/O threads, waiting at most {@link #CLOSE_WAIT_MS}. Later calls fail the same way.
     */
    @Override
    public void close() {
        List<ClientConnection> open;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(connections.values());
            connections.clear();
        }
        long deadlineNanos = System.nanoTime() + RpcServer.millisToNanos(CLOSE_WAIT_MS);
        List<Future<Void>> closing = new ArrayList<>();
        for (ClientConnection connection : open) {
            closing.add(connection.close("rpc client " + name + " closed its connection to " + connection.target()));
        }
        for (Future<Void> future : closing) {
            future.awaitUninterruptibly(RpcServer.remainingMillis(deadlineNanos));
        }
        Future<?> termination = group.shutdownGracefully(0, RpcServer.remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
        if (!termination.awaitUninterruptibly(RpcServer.remainingMillis(deadlineNanos))) {
            log.warn("{}: RPC client threads did not stop within {} ms", name, CLOSE_WAIT_MS);
        }
        log.debug("{}: rpc client closed {} connections", name, open.size());
    }

    /** Whether {@code target} is suspected: it did not answer, and no connection to it has been answered since. */
    public boolean isSuspected(HostPort target) {
        return suspects.containsKey(target);
    }

    @Override
    public String toString() {
        return "RpcClient[" + name + "]";
    }

    /** The usable connection to {@code target}, opened if there is none; null once this client is closed. */
    private ClientConnection connectionTo(HostPort target) {
        ClientConnection connection = connections.get(target);
        if (connection != null && connection.isUsable()) {
            return connection;
        }
        // Outside the lock: for a host name this is a DNS lookup.
        InetSocketAddress address = target.toSocketAddress();
        synchronized (lifecycle) {
            if (closed) {
                return null;
            }
            connection = connections.get(target);
            if (connection != null && connection.isUsable()) {
                return connection;
            }
            ClientConnection opened = new ClientConnection(settings, target, address, group.next(), listener);
            opened.open();
            connections.put(target, opened);
            return opened;
        }
    }

    private static CompletableFuture<byte[]> failed(ErrorCode code, String message) {
        return CompletableFuture.failedFuture(new BasaltException(code, message));
    }
}
