/**
 * The Basalt JDBC driver (DESIGN.md section 7). Its public API is one class,
 * {@link dev.basalt.jdbc.BasaltDriver}; the JDBC objects live in {@code dev.basalt.jdbc.internal};
 * the client protocol, shared with the server, is {@code dev.basalt.jdbc.wire}; the one extension
 * point, through which the server provides embedded nodes, is {@code dev.basalt.jdbc.spi}. The
 * module holds no server code.
 *
 * <h2>The URL</h2>
 *
 * <pre>
 *   jdbc:basalt://host:port[,host:port...][/database][?key=value&amp;key=value...]
 *   jdbc:basalt://10.0.0.1:7001,10.0.0.2:7001/shop?user=app&amp;password=s%26cret&amp;connectTimeout=5
 * </pre>
 *
 * Any node accepts connections on its {@code --listen} port; the hosts are tried in the order
 * written and the first one that opens a session holds it. A host that cannot be reached
 * or does not answer within {@code connectTimeout} is skipped; an answer that is an error (wrong
 * password, 28P01) ends the attempt, since every node would give it. When no host answers, the SQLException
 * (08001) names each host and why. The port is required; IPv6 hosts go in brackets. Keys and values
 * are percent-decoded ({@code +} stays a plus). <b>A property in the URL wins over the same property
 * in the {@code Properties} given to {@code connect}</b> (pgJDBC's rule). The driver's own
 * properties are {@code user}, {@code password}, {@code connectTimeout} (seconds per host, default
 * 10), {@code defaultRowFetchSize}, and TLS's {@code sslmode}, {@code ssl} and {@code sslrootcert}
 * (next section); every other property goes to the server with CONNECT.
 *
 * <h2>TLS</h2>
 *
 * <pre>
 *   sslmode       encrypted   chain checked (sslrootcert, else the JVM's trust store)   host name checked
 *   disable       no          -                                                          -        (default)
 *   require       yes         no                                                         no
 *   verify-ca     yes         yes                                                        no
 *   verify-full   yes         yes                                                        yes, against the SAN
 * </pre>
 *
 * As in pgJDBC, {@code ssl=true} means {@code verify-full} when {@code sslmode} is not given, and
 * {@code sslrootcert} is a PEM file of trusted CA certificates; {@code allow} and {@code prefer}
 * are refused (08001), as is any other value. {@code internal.SslMode} reads them once per
 * {@code connect}; the transport ({@code dev.basalt.common.net.ClientTls}) does the handshake
 * (TLS 1.3 or 1.2, the JDK's provider, so nothing beyond Netty's {@code handler.ssl}, which the
 * single jar holds) before the protocol's HELLO. <b>A failed handshake is a failure of that host</b>,
 * like a refused connection: the next host is tried, and the final 08001 names each host with
 * {@code "TLS handshake with host:port failed: "} and the reason (a node without TLS, an untrusted
 * certificate, a name the certificate does not hold). {@code BasaltConnection.tlsProtocol()} says
 * which protocol encrypts a connection (null: plaintext). The node's side is in
 * {@code docs/security.md}.
 *
 * <h2>Embedded nodes</h2>
 *
 * <pre>
 *   jdbc:basalt:mem:[name][?key=value...]     a node in this JVM; its data in a temp directory, gone when it stops
 *   jdbc:basalt:file:path[?key=value...]      a node in this JVM; its data kept in that directory
 * </pre>
 *
 * <b>An embedded node is a real node reached over the real protocol.</b> The driver asks the
 * {@link dev.basalt.jdbc.spi.EmbeddedNodes} provider, found with {@code ServiceLoader} (the thread's
 * context class loader, then the driver's), to open or share the node for that name or directory,
 * and then connects to the node's client port exactly as to {@code jdbc:basalt://127.0.0.1:port/}:
 * one code path ({@code internal.Connector}) for both. The server artifact
 * ({@code dev.basalt:basalt-server}) provides the nodes; without it, {@code connect} fails with 08001
 * naming that artifact. The SPI names only JDK types and its package is not relocated in the single
 * jar, so the plain and the shaded driver both find it.
 *
 * <p>Each connection holds one reference to its node and gives it back when it is closed or
 * aborted (also after a failed CONNECT); the provider stops the node when the last reference goes.
 * The node options {@code listen}, {@code raftListen} and {@code ranges}
 * ({@link dev.basalt.jdbc.spi.EmbeddedNodes#OPTIONS}) go to the provider and are not sent with
 * CONNECT; every other property behaves as for a network URL. {@code getURL} is the URL without
 * its query. The lifecycle, the options and how an embedded node grows into a cluster are in the
 * server's {@code dev.basalt.server.embedded} package and in {@code docs/jdbc.md}.
 *
 * <h2>Passwords</h2>
 *
 * <b>The password never leaves the driver.</b> A session opens in one round trip on a cluster
 * without users (any user and password, or none, is accepted; {@code CURRENT_USER} is the user
 * given, or {@code basalt}). On a cluster with users the node answers CONNECT with a SCRAM-SHA-256
 * challenge; {@code internal.Handshake} sends the proof (AUTHENTICATE) and checks the node's
 * signature before it uses the session, so a node that does not know the user's verifier is
 * refused with 28000. A wrong password, an unknown user or a missing user is the node's 28P01
 * ({@code SQLInvalidAuthorizationSpecException}), and no session exists afterwards. Users and the
 * exchange are described in {@code docs/security.md}; with {@code sslmode} other than disable the
 * exchange runs inside TLS.
 *
 * <h2>What a connection is</h2>
 *
 * <b>One {@code java.sql.Connection} is one TCP connection to one node, and one session on it.</b>
 * The session holds the connection's transaction, isolation level, read-only flag, schema, prepared
 * statements and cursors, and dies with the TCP connection: closing the connection (or losing it)
 * rolls back whatever was not committed. So the driver never reconnects a session behind the
 * application's back; after a connection-class error (SQLState 08) the connection is <i>broken</i>:
 * the transport is closed, every later call fails at once with 08003 without touching the network,
 * and {@code isValid} is false, so a pool replaces it. Each connection has its own transport client
 * (two Netty NIO threads).
 *
 * <p>Autocommit is on by default, isolation READ COMMITTED, as in PostgreSQL. REPEATABLE READ is
 * Basalt's snapshot isolation; READ UNCOMMITTED runs as READ COMMITTED; SERIALIZABLE is refused
 * with 22023, because Basalt does not enforce it and must never claim to. Settings are sent only
 * when they change (pools reset them on every checkout). {@code commit} and {@code rollback} in
 * autocommit mode throw 25P01 as pgJDBC does, and skip the round trip when the driver knows no
 * transaction is open: every statement's answer carries the session's flags (transaction open,
 * autocommit), so SQL text such as {@code BEGIN} is seen too.
 *
 * <p>Every call is bounded: by the statement's query timeout, by the connection's network timeout
 * if that is shorter, else by {@code SessionChannel.CALL_TIMEOUT_MS_DEFAULT} (10 minutes). Running
 * out of the network timeout means the node stopped answering, and breaks the connection (08006).
 * {@code isValid(t)} is a PING round trip bounded by {@code t}.
 *
 * <h2>Cancel and query timeout</h2>
 *
 * <b>A query timeout is enforced by the server</b>: every request of the statement (EXECUTE,
 * EXECUTE_PREPARED, EXECUTE_BATCH, each FETCH of its result set) carries it, and the node cancels
 * the request at its deadline with 57014 "canceling statement due to statement timeout", as
 * PostgreSQL's statement_timeout does. The driver waits {@code SessionChannel.QUERY_TIMEOUT_SLACK_MS}
 * (2 s) longer as a safety net; if the server has not answered by then it sends CANCEL and fails
 * the call with 57014 itself. <b>{@code Statement.cancel()}</b>, from any thread, sends CANCEL on
 * the connection's TCP connection at once (it is answered on the node's I/O thread, never queued
 * behind the statement) when a request of that statement is waiting for its answer; with nothing
 * running it does nothing. The node flags the running request and any request that arrived before
 * the CANCEL; execution checks the flag once per row handed to the client, once per page a scan
 * reads from a range and before each step of a lock wait, and fails the statement with 57014
 * "canceling statement due to user request". DDL and COMMIT are not cancelled once they run.
 *
 * <p>After either, the connection stays usable (never 08, never {@code SQLTimeoutException}, so
 * pools keep it) and the transaction behaves as after any failed statement: in autocommit nothing
 * is written; inside a transaction the transaction is aborted and later statements get 25P02 until
 * ROLLBACK, as in PostgreSQL.
 *
 * <h2>Lost connections and COMMIT</h2>
 *
 * A connection that breaks during a statement is 08006, and the session (with its transaction) is
 * gone. <b>A connection that breaks while COMMIT is on its way or running is 40003</b>
 * ({@code SQLTransactionRollbackException}): the driver cannot know whether the node committed
 * before it was cut off. When the transport had already seen the connection close before COMMIT
 * was sent, the COMMIT cannot have reached the session, which rolled back when its connection
 * closed, and the error is 08xxx. Either way the connection is broken afterwards (08003).
 *
 * <h2>Streaming</h2>
 *
 * A query's rows come in pages of {@code setFetchSize} rows (1 000 by default): the first page with
 * the EXECUTE answer, then one FETCH per page while the application reads. The driver holds one
 * page per result set; the node's cursor holds no rows between FETCHes (its scan keeps one store
 * page and at most {@code SpanCursor.RANGES_AHEAD} read-ahead pages), so <b>a result of any size
 * streams in bounded memory on both ends</b>. Operators that must see all their input before they
 * return a row (a sort, an aggregate, the build side of a hash join) hold that input on the node
 * while the query runs; their output streams like any other.
 *
 * <p>It streams in autocommit too, unlike pgJDBC, which streams only with autocommit off: an
 * autocommit query's read-only transaction (its snapshot) lives as long as its cursor and ends
 * when the last page has been read or the result set is closed. With autocommit off the cursor
 * reads in the open transaction, and streams the same way.
 *
 * <p>{@code StreamingScanTest} (server module) shows it: a child JVM with {@code -Xmx64m} runs an
 * embedded node (Ratis, RocksDB, Netty on loopback) and the driver together, and reads the
 * 10,004,569 rows of a 3,163-row table's cross join with itself with {@code setFetchSize(1000)}
 * on a plain statement, once in autocommit and once with autocommit off, checking the count and
 * two checksums. The join is a nested loop that scans the inner table again for each outer row,
 * so all ten million rows are read from the store as well. The heap still in use after a full collection, taken every million rows, stays
 * between 22 and 26 MB from the first million to the last (each pass takes about 40 s on a shared
 * two-core machine).
 *
 * <p>{@code setMaxRows} is sent to the node, which stops the cursor there: rows beyond it are
 * never read or shipped.
 *
 * <h2>The protocol in one paragraph</h2>
 *
 * Requests ride the node transport ({@code dev.basalt.common.net}: length-prefixed frames over
 * TCP, a HELLO handshake, request ids, PING/PONG liveness) with method numbers 100 to 113: CONNECT
 * first (and AUTHENTICATE, SCRAM's proof, when the cluster has users), then EXECUTE (SQL text; the first page of rows or an update count comes back with the
 * session flags), PREPARE / EXECUTE_PREPARED (server-side statements by id), EXECUTE_BATCH (a whole
 * batch in one round trip), FETCH and CLOSE_CURSOR (further pages of a result, {@code fetchSize}
 * rows each), CLOSE_STATEMENT, COMMIT, ROLLBACK, SET_SESSION, PING and CANCEL (out of band). Values travel as tagged
 * binary values (13 tags, NULL to TIMESTAMP). Errors come back as an ErrorCode and a message. The
 * byte layouts, the rules and a sample conversation are in the {@code dev.basalt.jdbc.wire}
 * package documentation, the protocol's reference.
 *
 * <h2>Errors</h2>
 *
 * One class, {@code internal.Errors}, turns failures into SQLExceptions: SQLState from the
 * server's ErrorCode, vendor code {@code ErrorCode.code()} (0 for 40001, which harnesses retry on),
 * a message that is never null, and the subclass by SQLState class:
 *
 * <pre>
 *   08  SQLNonTransientConnectionException       the connection is unusable (always non-transient:
 *                                                its session is gone, take a new connection)
 *   40  SQLTransactionRollbackException          40001 serialization failure, 40P01, 40003 (also a
 *                                                connection lost during COMMIT)
 *   23  SQLIntegrityConstraintViolationException 23505, 23503, 23502
 *   42  SQLSyntaxErrorException                  42601, 42P01, 42703
 *   22  SQLDataException                         22001, 22003, 22012, 22018, 22023
 *   28  SQLInvalidAuthorizationSpecException     28P01 (wrong password, unknown or missing user),
 *                                                28000 (the node failed SCRAM's proof)
 *   0A  SQLFeatureNotSupportedException          only JDBC calls the driver does not provide
 *   else SQLException                            57014 cancel, timeout or interrupt, 25P01, 25P02,
 *                                                25006 write on a read-only connection, XX000
 * </pre>
 *
 * The driver never raises {@code SQLTimeoutException} and never uses 0A000 for an error a statement
 * ran into: HikariCP evicts a connection for either. An interrupted wait is 57014 with the thread's
 * interrupt flag set again.
 *
 * <h2>Results</h2>
 *
 * Result sets are forward-only and read-only. Columns are found by label case-insensitively (the
 * first match wins); getters convert as JDBC tools expect (numbers from numeric text, 0 and
 * {@code wasNull} for NULL, SMALLINT as Integer from {@code getObject} as in pgJDBC); conversion
 * failures are 22018 or 22003 naming the column and the value. A statement has one result:
 * {@code getMoreResults} returns false and {@code getUpdateCount} is then -1.
 *
 * <h2>DatabaseMetaData</h2>
 *
 * Catalog browsing is SQL over the server's {@code information_schema} on the same connection
 * ({@code internal.CatalogBrowser}), so the driver holds no catalog logic of its own: the server
 * matches the name patterns ({@code LIKE ... ESCAPE ''}), joins and orders; the driver recodes
 * the answers into the JDBC columns (type names to {@code java.sql.Types}, rule names to
 * {@code importedKey*}). <b>Every result set has exactly the columns its javadoc lists, in that
 * order</b>, and rows in the javadoc's order.
 *
 * <ul>
 *   <li>Catalog: the database named in the URL ({@code getCatalog()}), or none; getCatalogs lists
 *       that one name or nothing. A catalog argument narrows nothing when it is null, empty or
 *       that name, and matches nothing otherwise. Schemas: PUBLIC and INFORMATION_SCHEMA. Table
 *       types: exactly TABLE, VIEW and SYSTEM TABLE (the information_schema tables).</li>
 *   <li>Patterns honour {@code %}, {@code _} and the search-string escape {@code \}
 *       ({@code ORDER\_LINE} matches ORDER_LINE only); null and {@code ""} match everything, as in
 *       pgJDBC. A table <i>name</i> argument (getPrimaryKeys, getImportedKeys, getIndexInfo, ...)
 *       is matched exactly, except that {@code "%"} means every table, as SQL clients pass it when
 *       they read a whole schema.</li>
 *   <li>getColumns: TYPE_NAME is Basalt's type name (as in result metadata), sizes of numbers in
 *       decimal digits, text without a length {@code Integer.MAX_VALUE}, IS_AUTOINCREMENT 'NO'.
 *       getPrimaryKeys: PK_NAME {@code <TABLE>_PKEY}. Foreign keys: UPDATE_RULE and DELETE_RULE
 *       both from ON DELETE (Basalt applies that action to a parent's key change too).
 *       getIndexInfo: the primary index (TYPE tableIndexClustered) and every READY secondary
 *       index; no statistics, so CARDINALITY and PAGES are null.</li>
 *   <li>Procedures, functions, UDTs, super types and tables, attributes, privileges, version and
 *       pseudo columns, client info properties: empty result sets with their columns, never an
 *       exception (DBeaver shows an SQLException to the user).</li>
 * </ul>
 *
 * <h2>The single jar</h2>
 *
 * {@code mvn package} also writes {@code target/basalt-jdbc.jar} (classifier {@code all}): the
 * driver with basalt-common, Netty and SLF4J inside, relocated under
 * {@code dev.basalt.jdbc.shaded}, Netty's native transports left out (relocation breaks them; the
 * driver uses NIO), and a relocated no-op SLF4J provider so that tools see no logging warnings.
 * Drop it into DBeaver or any tool's classpath.
 *
 * <h2>Not done yet (later issues)</h2>
 *
 * <ul>
 *   <li>Privileges in DatabaseMetaData (Basalt has no GRANT yet).
 *   <li>An autocommit INSERT/UPDATE/DELETE whose connection is lost in flight is reported as 08006,
 *       though it may have committed (only an explicit COMMIT is reported as 40003).
 *   <li>Warnings: the server sends none, so {@code getWarnings} is always null.
 *   <li>TLS client certificates ({@code sslcert}, {@code sslkey}), {@code sslmode=allow|prefer},
 *       and TLS on an embedded node.
 *   <li>Generated keys (empty result sets), savepoints, scrollable or updatable result sets,
 *       LOB objects (bytes and strings instead), JDBC escape translation.
 * </ul>
 */
package dev.basalt.jdbc;
