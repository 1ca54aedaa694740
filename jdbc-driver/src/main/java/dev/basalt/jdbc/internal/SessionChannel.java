package dev.basalt.jdbc.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.jdbc.wire.ClientMethods;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The TCP connection that carries one session: its own {@link RpcClient}, so its own connection to
 * one node, and the calls a {@code java.sql.Connection} makes over it. It decides how long a call
 * may take and what a failure does to the connection:
 *
 * <ul>
 *   <li>A call waits at most its <i>bound</i>: the query timeout if the statement has one, the
 *       network timeout if that is shorter, else {@link #CALL_TIMEOUT_MS_DEFAULT}.
 *   <li>A query timeout is enforced by the server, which cancels the statement at its deadline
 *       (57014, "canceling statement due to statement timeout"). The driver waits
 *       {@link #QUERY_TIMEOUT_SLACK_MS} longer as a safety net; if even that runs out it sends a
 *       CANCEL and fails the call with 57014 itself. The connection stays usable either way.
 *   <li>Running out of the default bound is 57014 as well, and leaves the connection usable.
 *   <li>Running out of the <b>network</b> timeout means the node is not answering: the connection is
 *       closed and the call fails with 08006, as pgJDBC does on a socket timeout.
 *   <li><b>Any connection-class error (SQLState 08) breaks the connection for good</b>: the
 *       transport is closed, so the server ends the session and rolls back its transaction, and
 *       every later call fails with 08003 without touching the network.
 * </ul>
 *
 * The transport gets a deadline {@link #TRANSPORT_TIMEOUT_SLACK_MS} later than the bound, so that
 * the driver's own wait always decides, and a TIMEOUT error sent by the server is told apart from
 * the driver giving up.
 */
final class SessionChannel implements AutoCloseable {
    /** The bound of a call when neither a query timeout nor a network timeout is set. */
    static final long CALL_TIMEOUT_MS_DEFAULT = TimeUnit.MINUTES.toMillis(10);
    /**
     * How much longer than a query timeout the driver waits for the server's own 57014 before it
     * gives up on the answer (and sends a CANCEL).
     */
    static final long QUERY_TIMEOUT_SLACK_MS = 2_000;
    /** How much later than the driver's own bound the transport times a call out. */
    static final long TRANSPORT_TIMEOUT_SLACK_MS = 5_000;
    /** Bounds a fire-and-forget CLOSE_CURSOR or CLOSE_STATEMENT. */
    static final long CLOSE_CALL_TIMEOUT_MS = 30_000;
    private static final long MILLIS_PER_SECOND = 1_000;

    private final RpcClient rpc;
    private final HostPort target;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Why the connection is unusable, once it is; null while it is fine. */
    private volatile String brokenReason;
    /** Connection.setNetworkTimeout, in ms; 0 means none. */
    private volatile int networkTimeoutMs;

    SessionChannel(RpcClient rpc, HostPort target) {
        this.rpc = rpc;
        this.target = target;
    }

    HostPort target() {
        return target;
    }

    /** The TLS protocol of the session's connection ("TLSv1.3"), or null when it is plaintext or closed. */
    String tlsProtocol() {
        return isUsable() ? rpc.tlsProtocol(target) : null;
    }

    void networkTimeoutMs(int ms) {
        networkTimeoutMs = ms;
    }

    int networkTimeoutMs() {
        return networkTimeoutMs;
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Whether the session's TCP connection is still open as far as the transport knows: a call made
     * now reaches the session. False once the transport saw it break (a call would then go out on a
     * new connection, which has no session).
     */
    boolean sessionConnected() {
        return isUsable() && rpc.isConnected(target);
    }

    /** Closed by the application, or broken by a failure. */
    boolean isUsable() {
        return !closed.get() && brokenReason == null;
    }

    /**
     * One call, bounded as the class documentation says: by {@code queryTimeoutSeconds} (0 for
     * none), the network timeout and the default.
     */
    byte[] call(int method, byte[] payload, int queryTimeoutSeconds) throws SQLException {
        return call(method, payload, queryTimeoutSeconds, null);
    }

    /**
     * A call as above; {@code sent} (if not null) runs once the request is handed to the transport,
     * so that a CANCEL sent after it is queued behind the request, never ahead of it.
     */
    byte[] call(int method, byte[] payload, int queryTimeoutSeconds, Runnable sent) throws SQLException {
        long queryMs = queryTimeoutSeconds * MILLIS_PER_SECOND;
        int networkMs = networkTimeoutMs;
        if (networkMs > 0 && (queryMs == 0 || networkMs < queryMs)) {
            return await(method, payload, networkMs, Bound.NETWORK_TIMEOUT, sent);
        }
        if (queryMs > 0) {
            return await(method, payload, queryMs + QUERY_TIMEOUT_SLACK_MS, Bound.QUERY_TIMEOUT, sent);
        }
        return await(method, payload, CALL_TIMEOUT_MS_DEFAULT, Bound.DEFAULT, sent);
    }

    /**
     * A call with an explicit bound (CONNECT, PING). Running out of it is 57014 and leaves the
     * connection as it was.
     */
    byte[] callWithin(int method, byte[] payload, long timeoutMs) throws SQLException {
        return await(method, payload, timeoutMs, Bound.EXPLICIT, null);
    }

    /** Sends a request without waiting for its answer; nothing happens if the connection is unusable. */
    void send(int method, byte[] payload) {
        if (!isUsable()) {
            return;
        }
        rpc.call(target, method, payload, CLOSE_CALL_TIMEOUT_MS).exceptionally(failure -> null);
    }

    /**
     * Sends CANCEL out of band: it goes on this connection at once, not behind the running request,
     * and the server flags every request that arrived before it. Nothing is waited for.
     */
    void cancel() {
        send(ClientMethods.CANCEL, ClientMethods.EMPTY);
    }

    /** Decodes an answer; a malformed one is a protocol error of the server (XX000). */
    <T> T decode(int method, byte[] answer, Function<byte[], T> decoder) throws SQLException {
        try {
            return decoder.apply(answer);
        } catch (BasaltException e) {
            throw Errors.driver(SqlStates.INTERNAL_ERROR, "malformed answer to " + ClientMethods.name(method)
                    + " from " + target + ": " + e.getMessage(), e);
        }
    }

    /** Fails at once if the connection is closed or broken: 08003, nothing sent. */
    void checkUsable() throws SQLException {
        if (closed.get()) {
            throw Errors.driver(SqlStates.CONNECTION_DOES_NOT_EXIST, "the connection to " + target + " is closed");
        }
        String reason = brokenReason;
        if (reason != null) {
            throw Errors.driver(SqlStates.CONNECTION_DOES_NOT_EXIST, "the connection to " + target
                    + " is broken and its session is gone (" + reason + "); open a new connection");
        }
    }

    /** Marks the connection broken and closes the transport, so that the server ends the session. */
    void markBroken(String reason) {
        if (brokenReason == null) {
            brokenReason = reason;
        }
        rpc.close();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            rpc.close();
        }
    }

    /** Connection.abort: unusable at once, the transport closed on {@code executor}. */
    void abort(Executor executor) {
        if (closed.compareAndSet(false, true)) {
            executor.execute(rpc::close);
        }
    }

    private enum Bound { QUERY_TIMEOUT, NETWORK_TIMEOUT, DEFAULT, EXPLICIT }

    private byte[] await(int method, byte[] payload, long timeoutMs, Bound bound, Runnable sent) throws SQLException {
        checkUsable();
        String what = ClientMethods.name(method) + " to " + target;
        CompletableFuture<byte[]> answer = rpc.call(target, method, payload, timeoutMs + TRANSPORT_TIMEOUT_SLACK_MS);
        if (sent != null) {
            sent.run();
        }
        try {
            return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (bound == Bound.NETWORK_TIMEOUT) {
                String reason = "no answer to " + what + " within the network timeout of " + timeoutMs + " ms";
                markBroken(reason);
                throw Errors.driver(SqlStates.CONNECTION_FAILURE, reason + "; the connection is closed", e);
            }
            if (bound == Bound.QUERY_TIMEOUT) {
                cancel(); // the server missed its own deadline: make sure the statement stops
            }
            throw Errors.driver(SqlStates.QUERY_CANCELED, what + " timed out after " + timeoutMs + " ms" + explain(bound), e);
        } catch (InterruptedException e) {
            throw Errors.interrupted(what, e);
        } catch (ExecutionException e) {
            SQLException error = Errors.fromFailure(e.getCause(), what);
            if (Errors.isConnectionError(error)) {
                markBroken(error.getMessage());
            }
            throw error;
        }
    }

    private static String explain(Bound bound) {
        return switch (bound) {
            case QUERY_TIMEOUT -> " (the statement's query timeout and " + QUERY_TIMEOUT_SLACK_MS
                    + " ms for the server's own answer; a CANCEL was sent)";
            case DEFAULT -> " (the driver's default bound for a call; set a query timeout to change it)";
            default -> "";
        };
    }
}
