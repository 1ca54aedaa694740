/**
 * The client protocol: how a JDBC connection talks to a Basalt node. This package is the
 * protocol's reference and its only codec; the driver and the server both use these classes, so
 * the two ends cannot disagree on a byte.
 *
 * <h2>Transport and sessions</h2>
 *
 * Client requests ride the node transport of {@code dev.basalt.common.net} (length-prefixed
 * frames, HELLO handshake, request ids, pipelining, PING/PONG liveness) on the node's
 * {@code --listen} port, as REQUEST frames whose method numbers are in {@link
 * dev.basalt.jdbc.wire.ClientMethods} (100 to 113, above the node protocol's numbers). Every
 * number is big-endian; a {@code string} is an i32 byte count and UTF-8, {@code bytes} an i32 count
 * and the bytes (both as {@code dev.basalt.common.ByteWriter} writes them).
 *
 * <p><b>A TCP connection carries at most one session, and a session lives exactly as long as its
 * TCP connection.</b> CONNECT must be the first client request on a connection (followed by
 * AUTHENTICATE when the cluster has users, see below); the server ties
 * the session it opens to that connection and ends it, rolling back its open transaction and
 * dropping its cursors and prepared statements, when the connection closes. A client request on a
 * connection without a session is answered with {@code CONNECTION_DOES_NOT_EXIST} (08003); a second
 * CONNECT on a connection is refused (the driver never sends one). A client therefore never reconnects a session: after a broken connection it
 * opens a new connection and a new session, and whatever the old one had not committed is gone.
 * (The driver gives each {@code java.sql.Connection} its own transport client, hence its own TCP
 * connection.)
 *
 * <p>Errors come back as the transport's RESPONSE_ERROR: an {@code ErrorCode} wire number and a
 * message, which the client sees as a {@code BasaltException} and the driver turns into an
 * {@code SQLException} with the code's SQLState. An empty response is a zero-length payload.
 *
 * <h2>Methods</h2>
 *
 * <pre>
 *   number  method             request payload            response payload
 *   100     CONNECT            {@link dev.basalt.jdbc.wire.ConnectRequest}            {@link dev.basalt.jdbc.wire.ConnectResponse}
 *   101     EXECUTE            {@link dev.basalt.jdbc.wire.ExecuteRequest}            {@link dev.basalt.jdbc.wire.ExecuteResult}
 *   102     PREPARE            {@link dev.basalt.jdbc.wire.PrepareRequest}            {@link dev.basalt.jdbc.wire.PrepareResponse}
 *   103     EXECUTE_PREPARED   {@link dev.basalt.jdbc.wire.ExecutePreparedRequest}    {@link dev.basalt.jdbc.wire.ExecuteResult}
 *   104     EXECUTE_BATCH      {@link dev.basalt.jdbc.wire.BatchRequest}              {@link dev.basalt.jdbc.wire.BatchResponse}
 *   105     FETCH              {@link dev.basalt.jdbc.wire.FetchRequest}              {@link dev.basalt.jdbc.wire.RowsPage}
 *   106     CLOSE_CURSOR       {@link dev.basalt.jdbc.wire.CloseRequest} (cursor id)  empty
 *   107     CLOSE_STATEMENT    {@link dev.basalt.jdbc.wire.CloseRequest} (stmt id)    empty
 *   108     COMMIT             empty                      empty
 *   109     ROLLBACK           empty                      empty
 *   110     SET_SESSION        {@link dev.basalt.jdbc.wire.SetSessionRequest}         empty
 *   111     PING               empty                      empty
 *   112     CANCEL             empty                      empty   (answered at once, out of band)
 *   113     AUTHENTICATE       {@link dev.basalt.jdbc.wire.AuthenticateRequest}       {@link dev.basalt.jdbc.wire.ConnectResponse} (Opened)
 * </pre>
 *
 * <h2>Authentication</h2>
 *
 * SCRAM-SHA-256 (RFC 5802, RFC 7677; the arithmetic is {@code dev.basalt.common.auth}). CONNECT
 * carries the user and a client nonce, <b>never a password</b>. On a cluster without users the
 * node answers {@code Opened} at once, with an empty signature. On a cluster with users it answers
 * {@code Challenge} (the client's nonce followed by its own, and the user's salt and iteration
 * count; made-up ones for an unknown user); the client answers AUTHENTICATE with its proof, and the
 * node either opens the session ({@code Opened} with its 32-byte signature, which the client
 * checks) or fails with INVALID_PASSWORD (28P01) and forgets the challenge: one AUTHENTICATE per
 * CONNECT, and any other request before a session exists is 08003. A CONNECT without a user on a
 * cluster with users is 28P01 at once. Both ends build RFC 5802's AuthMessage from the fields:
 * {@code n=user,r=cnonce,r=nonce,s=base64(salt),i=iterations,c=biws,r=nonce}.
 *
 * <h2>Records and their bytes</h2>
 *
 * Each record has {@code byte[] encode()} and {@code static decode(byte[])}; decode reads the
 * whole payload and fails with {@code INVALID_REQUEST} on a truncated payload, trailing bytes, a
 * count larger than the bytes left, or a field out of its range.
 *
 * <pre>
 *   ColumnMeta          string label, string name, string table, i32 jdbcType (java.sql.Types),
 *                       string typeName (INTEGER, VARCHAR, DECIMAL, TIMESTAMP, ...), i32 precision,
 *                       i32 scale, bool nullable                      (an absent string is "")
 *   ConnectRequest      string user (at most 256 chars), string database, i32 n, n × (string key, string value),
 *                       string clientNonce (16 to 128 printable ASCII characters, no comma)
 *   ConnectResponse     u8 kind 1 Opened: string serverVersion, i32 nodeId, i64 sessionId,
 *                                 bytes serverSignature (32 bytes after AUTHENTICATE, else empty)
 *                       u8 kind 2 Challenge: string nonce (at most 256 chars), bytes salt (8 to 64),
 *                                 i32 iterations (4096 to 1,000,000)
 *   AuthenticateRequest bytes proof (32 bytes)
 *   ExecuteRequest      string sql, i32 n, n × value, i32 fetchSize (0 = server default),
 *                       i64 maxRows (0 = no limit), i32 queryTimeoutMs (0 = none)
 *   PrepareRequest      string sql
 *   PrepareResponse     i64 statementId (&gt; 0), i32 n, n × i32 parameter jdbcType (OTHER or NULL when
 *                       unknown), i32 m, m × ColumnMeta (none for DML and DDL)
 *   ExecutePreparedRequest  i64 statementId, i32 n, n × value, i32 fetchSize, i64 maxRows,
 *                       i32 queryTimeoutMs
 *   ExecuteResult       u8 kind 1: i64 update count
 *                       u8 kind 2: i32 m, m × ColumnMeta, i32 rows, rows × (m × value), i64 cursorId
 *                       then always: u8 sessionFlags (bit 0 transaction open, bit 1 autocommit on)
 *   BatchRequest        i64 statementId, i32 n, n × string sql, i32 r, r × (i32 k, k × value),
 *                       i32 queryTimeoutMs
 *                       (statementId &gt; 0: the prepared statement once per row, no SQL texts;
 *                        statementId = 0: each SQL text in order, no rows)
 *   BatchResponse       i32 n, n × i64 update count
 *   FetchRequest        i64 cursorId, i32 maxRows (&gt; 0), i32 queryTimeoutMs
 *   RowsPage            i32 rows, rows × (m × value), bool more   (m is known from the result's columns)
 *   CloseRequest        i64 id
 *   SetSessionRequest   string key, string value
 *                       autocommit "true"/"false" · isolation "2" (READ COMMITTED) or "4" (REPEATABLE READ)
 *                       · readonly "true"/"false" · schema name
 * </pre>
 *
 * A value is a u8 tag and its bytes, as {@link dev.basalt.jdbc.wire.WireValues} tabulates: 0 NULL,
 * 1 BOOLEAN, 2 SMALLINT, 3 INTEGER, 4 BIGINT, 5 REAL, 6 DOUBLE, 7 DECIMAL, 8 VARCHAR, 9 VARBINARY,
 * 10 DATE, 11 TIME, 12 TIMESTAMP (without time zone).
 *
 * <h2>Cursors</h2>
 *
 * A query's first page comes with its EXECUTE answer. If the result is longer, the answer names a
 * cursor ({@code cursorId > 0}) that the server keeps for the session; the client asks for more
 * with FETCH until a page says {@code more = false}, at which point the server has already closed
 * the cursor. A client that stops early sends CLOSE_CURSOR. {@code maxRows} bounds the whole
 * result, first page and cursor together. Cursors and prepared statements belong to their session
 * and die with it.
 *
 * <h2>Cancel and statement timeout</h2>
 *
 * The server numbers a connection's client requests as they arrive. CANCEL is not numbered and
 * not queued: it is answered at once, and flags the request that is running and any that arrived
 * before it (so a cancel sent right after an EXECUTE reaches it even if the EXECUTE still waits
 * its turn); later requests are not touched. A request with {@code queryTimeoutMs > 0} is
 * cancelled by the server that long after it starts. A cancelled request fails with
 * {@code QUERY_CANCELED} (57014): "canceling statement due to user request" or "canceling
 * statement due to statement timeout".
 *
 * <h2>Session state</h2>
 *
 * Every ExecuteResult carries the session's flags after the statement, so that the client knows
 * whether a transaction is open and whether autocommit is on even when SQL text ({@code BEGIN},
 * {@code COMMIT}) changed them. COMMIT and ROLLBACK end the open transaction (a no-op when none is
 * open). SET_SESSION autocommit=true commits an open transaction first (the driver also sends a
 * COMMIT before it when it knows one is open). SERIALIZABLE is not an isolation Basalt enforces: a
 * SET_SESSION isolation of "8" is answered with {@code ISOLATION_NOT_SUPPORTED} (22023).
 *
 * <h2>A conversation</h2>
 *
 * <pre>
 *   driver                                                         node
 *     | -- HELLO "BSLT" v1 ------------------------------------------&gt; |  (transport)
 *     | &lt;------------------------------------------------- HELLO_OK --- |
 *     | -- 100 CONNECT user=app database=shop nonce=c ---------------&gt; |  the cluster has users
 *     | &lt;------------------- Challenge nonce=c+s, salt, 4096 --------- |
 *     | -- 113 AUTHENTICATE proof ------------------------------------&gt; |  proof right: opens session 42
 *     | &lt;------------- Opened "0.1.0", node 1, 42, signature --------- |  the driver checks the signature
 *     | -- 110 SET_SESSION autocommit=false -------------------------&gt; |
 *     | &lt;-------------------------------------------------- (empty) --- |
 *     | -- 102 PREPARE "SELECT C_ID, C_BALANCE FROM CUSTOMER          |
 *     |                  WHERE C_W_ID = ?" --------------------------&gt; |
 *     | &lt;--- PrepareResponse id 7, params [INTEGER], 2 ColumnMeta ---- |
 *     | -- 103 EXECUTE_PREPARED id 7 [3] fetchSize 2 maxRows 0 -------&gt; |  opens a transaction
 *     | &lt;-- Rows: 2 columns, rows [1, 10.00] [2, -5.50], cursor 9, --- |
 *     |          flags = TRANSACTION_OPEN                              |
 *     | -- 105 FETCH cursor 9, maxRows 2 ----------------------------&gt; |
 *     | &lt;--------------------------- RowsPage [3, 0.00], more=false --- |  cursor 9 closed
 *     | -- 101 EXECUTE "UPDATE CUSTOMER SET C_BALANCE = 0             |
 *     |                 WHERE C_W_ID = ?" [3] -----------------------&gt; |
 *     | &lt;------------------- UpdateCount 3, flags = TRANSACTION_OPEN --- |
 *     | -- 108 COMMIT -----------------------------------------------&gt; |
 *     | &lt;-------------------------------------------------- (empty) --- |
 *     | -- 101 EXECUTE "SELECT * FROM NOPE" -------------------------&gt; |
 *     | &lt;------- RESPONSE_ERROR UNDEFINED_TABLE: table NOPE not found --- |  SQLSyntaxErrorException 42P01
 *     | -- 107 CLOSE_STATEMENT 7 ------------------------------------&gt; |
 *     |  (TCP close)                                                    |  session 42 ends, rolls back
 * </pre>
 */
package dev.basalt.jdbc.wire;
