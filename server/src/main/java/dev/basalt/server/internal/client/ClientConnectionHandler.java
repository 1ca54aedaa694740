package dev.basalt.server.internal.client;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.jdbc.wire.AuthenticateRequest;
import dev.basalt.jdbc.wire.BatchRequest;
import dev.basalt.jdbc.wire.BatchResponse;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.CloseRequest;
import dev.basalt.jdbc.wire.ColumnMeta;
import dev.basalt.jdbc.wire.ConnectRequest;
import dev.basalt.jdbc.wire.ConnectResponse;
import dev.basalt.jdbc.wire.ExecutePreparedRequest;
import dev.basalt.jdbc.wire.ExecuteRequest;
import dev.basalt.jdbc.wire.ExecuteResult;
import dev.basalt.jdbc.wire.FetchRequest;
import dev.basalt.jdbc.wire.PrepareRequest;
import dev.basalt.jdbc.wire.PrepareResponse;
import dev.basalt.jdbc.wire.RowsPage;
import dev.basalt.jdbc.wire.SetSessionRequest;
import dev.basalt.sql.result.ResultColumn;
import dev.basalt.sql.SqlEngine;
import dev.basalt.sql.SqlSession;
import dev.basalt.sql.auth.SessionUser;
import dev.basalt.sql.result.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of one connection to a node's listen port. Node-to-node methods go to the node's
 * dispatch table; client methods ({@link ClientMethods}) go to this connection's SQL session,
 * which CONNECT opens (after AUTHENTICATE when the cluster has users, see {@link ClientAuthenticator})
 * and the connection's close ends (rolling back its open transaction). The session's requests run
 * in order on the node's session pool ({@link SerialExecutor}).
 *
 * <p>PING and CANCEL are answered at once on the connection's I/O thread, never queued behind a
 * running statement. Every other client request is numbered as it arrives (frames of one
 * connection arrive in order on one thread); a CANCEL covers the numbers that arrived before it,
 * so it reaches the statement the client is waiting for even when that statement is still queued.
 * EXECUTE, EXECUTE_PREPARED, EXECUTE_BATCH and FETCH arm the session's {@link
 * dev.basalt.common.CancelSignal} with their request number and query timeout while they run.
 */
public final class ClientConnectionHandler implements RpcHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionHandler.class);
    /** Reported to clients at CONNECT. */
    public static final String SERVER_VERSION = "Basalt 0.1.0";

    private final int nodeId;
    private final Map<Integer, RpcHandler> nodeMethods;
    private final SqlEngine engine;
    private final SerialExecutor serial;
    private final ClientAuthenticator authenticator;
    /** CONNECT's challenge while AUTHENTICATE is awaited; only the serial executor touches it. */
    private ClientAuthenticator.Challenged challenged;
    /** The database and properties CONNECT named, kept for the session AUTHENTICATE opens. */
    private ConnectRequest connectRequest;
    private volatile SqlSession session;
    private volatile boolean closed;
    /** The number of the last client request that arrived; only the I/O thread writes it. */
    private final java.util.concurrent.atomic.AtomicLong arrived = new java.util.concurrent.atomic.AtomicLong();

    public ClientConnectionHandler(int nodeId, Map<Integer, RpcHandler> nodeMethods, SqlEngine engine, Executor sessionPool,
                                   ClientAuthenticator authenticator) {
        this.nodeId = nodeId;
        this.nodeMethods = nodeMethods;
        this.engine = engine;
        this.serial = new SerialExecutor(sessionPool);
        this.authenticator = authenticator;
    }

    @Override
    public CompletableFuture<byte[]> handle(int method, byte[] payload) {
        if (method < ClientMethods.FIRST || method > ClientMethods.LAST) {
            RpcHandler handler = nodeMethods.get(method);
            if (handler == null) {
                return CompletableFuture.failedFuture(new BasaltException(ErrorCode.INVALID_REQUEST, "node " + nodeId + ": unknown method " + method));
            }
            return handler.handle(method, payload);
        }
        if (method == ClientMethods.PING) {
            // Answered at once, but only for a live session: after a break the transport reconnects
            // silently, and a ping on the new connection must not vouch for the lost session.
            return session != null && !closed ? CompletableFuture.completedFuture(ClientMethods.EMPTY)
                    : CompletableFuture.failedFuture(new BasaltException(ErrorCode.CONNECTION_DOES_NOT_EXIST, "no session on this connection"));
        }
        if (method == ClientMethods.CANCEL) {
            SqlSession s = session;
            if (s != null && !closed && s.cancelSignal().cancel(arrived.get())) {
                LOG.debug("node {}: cancel request flagged the running statement", nodeId);
            }
            return CompletableFuture.completedFuture(ClientMethods.EMPTY);
        }
        long seq = arrived.incrementAndGet();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        SerialExecutor.Rejectable task = new SerialExecutor.Rejectable() {
            @Override
            public void run() {
                try {
                    result.complete(serve(method, payload, seq));
                } catch (BasaltException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    LOG.warn("node {}: client request {} failed unexpectedly", nodeId, ClientMethods.name(method), e);
                    result.completeExceptionally(new BasaltException(ErrorCode.INTERNAL_ERROR, String.valueOf(e), e));
                }
            }

            @Override
            public void reject(BasaltException why) {
                result.completeExceptionally(why);
            }
        };
        try {
            serial.execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new BasaltException(ErrorCode.SERVER_BUSY, e.getMessage()));
        }
        return result;
    }

    private byte[] serve(int method, byte[] payload, long seq) {
        if (method == ClientMethods.CONNECT) {
            return connect(ConnectRequest.decode(payload));
        }
        if (method == ClientMethods.AUTHENTICATE) {
            return authenticate(AuthenticateRequest.decode(payload));
        }
        SqlSession s = session;
        if (s == null || closed) {
            throw new BasaltException(ErrorCode.CONNECTION_DOES_NOT_EXIST, "no session on this connection: CONNECT first");
        }
        switch (method) {
            case ClientMethods.EXECUTE -> {
                ExecuteRequest r = ExecuteRequest.decode(payload);
                s.cancelSignal().arm(seq, r.queryTimeoutMs());
                try {
                    return result(s, s.execute(r.sql(), r.params(), r.fetchSize(), r.maxRows()));
                } finally {
                    s.cancelSignal().disarm();
                }
            }
            case ClientMethods.PREPARE -> {
                StatementResult.Prepared p = s.prepare(PrepareRequest.decode(payload).sql());
                return new PrepareResponse(p.statementId(), p.paramJdbcTypes(), columns(p.columns())).encode();
            }
            case ClientMethods.EXECUTE_PREPARED -> {
                ExecutePreparedRequest r = ExecutePreparedRequest.decode(payload);
                s.cancelSignal().arm(seq, r.queryTimeoutMs());
                try {
                    return result(s, s.executePrepared(r.statementId(), r.params(), r.fetchSize(), r.maxRows()));
                } finally {
                    s.cancelSignal().disarm();
                }
            }
            case ClientMethods.EXECUTE_BATCH -> {
                BatchRequest r = BatchRequest.decode(payload);
                s.cancelSignal().arm(seq, r.queryTimeoutMs());
                try {
                    long[] counts = r.statementId() > 0 ? s.executeBatch(r.statementId(), r.paramRows()) : s.executeBatch(r.sqls());
                    return new BatchResponse(counts).encode();
                } finally {
                    s.cancelSignal().disarm();
                }
            }
            case ClientMethods.FETCH -> {
                FetchRequest r = FetchRequest.decode(payload);
                s.cancelSignal().arm(seq, r.queryTimeoutMs());
                try {
                    StatementResult.Page page = s.fetch(r.cursorId(), r.maxRows());
                    return new RowsPage(page.rows(), page.more()).encode();
                } finally {
                    s.cancelSignal().disarm();
                }
            }
            case ClientMethods.CLOSE_CURSOR -> s.closeCursor(CloseRequest.decode(payload).id());
            case ClientMethods.CLOSE_STATEMENT -> s.closeStatement(CloseRequest.decode(payload).id());
            case ClientMethods.COMMIT -> s.commit();
            case ClientMethods.ROLLBACK -> s.rollback();
            case ClientMethods.SET_SESSION -> {
                SetSessionRequest r = SetSessionRequest.decode(payload);
                s.set(r.key(), r.value());
            }
            default -> throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown client method " + method);
        }
        return ClientMethods.EMPTY;
    }

    private byte[] connect(ConnectRequest request) {
        if (session != null || challenged != null) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "this connection already has a session or is authenticating");
        }
        ClientAuthenticator.Start start = authenticator.start(request);
        if (start instanceof ClientAuthenticator.Challenged c) {
            challenged = c;
            connectRequest = request;
            return c.challenge().encode();
        }
        return open(request, ((ClientAuthenticator.Trusted) start).user(), new byte[0]);
    }

    /** AUTHENTICATE: one attempt per challenge; a wrong proof leaves the connection without a session. */
    private byte[] authenticate(AuthenticateRequest request) {
        ClientAuthenticator.Challenged c = challenged;
        ConnectRequest connect = connectRequest;
        challenged = null;
        connectRequest = null;
        if (c == null || session != null) {
            throw new BasaltException(ErrorCode.INVALID_AUTHORIZATION, "AUTHENTICATE is only the answer to CONNECT's challenge; "
                    + (session != null ? "this connection already has a session" : "send CONNECT first"));
        }
        ClientAuthenticator.Authenticated done = authenticator.finish(c, request);
        return open(connect, done.user(), done.serverSignature());
    }

    private byte[] open(ConnectRequest request, SessionUser user, byte[] serverSignature) {
        session = engine.openSession(request.database(), user);
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        LOG.debug("node {}: session {} opened for user {}{}", nodeId, id, user.name(), user.authenticated() ? " (authenticated)" : "");
        return new ConnectResponse.Opened(SERVER_VERSION, nodeId, id, serverSignature).encode();
    }

    private static byte[] result(SqlSession s, StatementResult r) {
        int flags = ExecuteResult.sessionFlags(s.inTransaction(), s.autocommit());
        if (r instanceof StatementResult.UpdateCount u) {
            return new ExecuteResult.UpdateCount(u.count(), flags).encode();
        }
        StatementResult.Rows rows = (StatementResult.Rows) r;
        return new ExecuteResult.Rows(columns(rows.columns()), rows.rows(), rows.cursorId(), flags).encode();
    }

    private static List<ColumnMeta> columns(List<ResultColumn> columns) {
        List<ColumnMeta> out = new ArrayList<>(columns.size());
        for (ResultColumn c : columns) {
            out.add(new ColumnMeta(c.label(), c.name(), c.table(), c.jdbcType(), c.typeName(), c.precision(), c.scale(), c.nullable()));
        }
        return out;
    }

    /** The connection closed: the session ends, its transaction is rolled back. */
    @Override
    public void close() {
        closed = true;
        SqlSession s = session;
        if (s != null) {
            // Through the serial executor, after any request still running on this session.
            try {
                serial.execute(s::close);
            } catch (RejectedExecutionException e) {
                s.close();
            }
        }
    }
}
