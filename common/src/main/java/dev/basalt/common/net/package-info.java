/**
 * The RPC transport between nodes, and between clients and nodes: length-prefixed binary frames
 * over TCP, carried by Netty. A caller hands {@link dev.basalt.common.net.RpcClient} a
 * method number and a payload; the node's {@link dev.basalt.common.net.RpcServer} passes
 * them to its {@link dev.basalt.common.net.RpcHandler} and sends back the bytes the handler
 * produced, or its {@link dev.basalt.common.ErrorCode} and message. What the bytes mean is the
 * business of the layers above; this package only moves them.
 *
 * <h2>Frames</h2>
 *
 * Every frame is {@code [u32 length of the rest][u8 kind][u64 requestId][body]}, big-endian:
 *
 * <pre>
 *   kind                 body                                    direction
 *   1 HELLO              "BSLT" u16 protocolVersion (= 1)        client -> server, first frame
 *   2 HELLO_OK           u16 protocolVersion                     server -> client
 *   3 REQUEST            u16 method, payload (rest of frame)     client -> server
 *   4 RESPONSE_OK        payload (rest of frame)                 server -> client
 *   5 RESPONSE_ERROR     i32 ErrorCode.code(), string message    server -> client
 *   6 PING               (empty; the request id is a nonce)      client -> server
 *   7 PONG               (empty; the PING's id)                  server -> client
 * </pre>
 *
 * The string is {@code ByteWriter.string}: an i32 byte count and UTF-8. HELLO and HELLO_OK carry
 * request id 0; ErrorCode numbers are explicit and stable ({@link dev.basalt.common.ErrorCode#code()}); requests carry ids from 1 upwards, counted per connection. A conversation:
 *
 * <pre>
 *   client                                   server
 *     | -- HELLO "BSLT" v1 ------------------> |   checks magic and version
 *     | &lt;----------------------- HELLO_OK v1 -- |
 *     | -- REQUEST id=1 method=7 -----------> |   handler(7, payload) -> future
 *     | -- REQUEST id=2 method=7 -----------> |   handler(7, payload) -> future
 *     | &lt;------------- RESPONSE_OK id=2 ----- |   futures complete in any order;
 *     | &lt;------ RESPONSE_ERROR id=1 40001 -- |   the client matches answers by id
 * </pre>
 *
 * A server that gets a bad magic, an unknown version, or any frame before HELLO answers with a
 * RESPONSE_ERROR for request id 0 naming the reason, logs it, and closes the connection; the
 * client fails every call waiting on that connection with {@code CONNECTION_FAILURE} carrying the
 * reason. A frame that cannot be decoded closes the connection the same way.
 *
 * <h2>TLS</h2>
 *
 * A server started with a {@link dev.basalt.common.net.ServerTls} (a PEM certificate chain and
 * PKCS#8 key, read once) accepts <b>both</b> TLS and plaintext connections on its one port: it
 * waits for the first five bytes of a connection, and a TLS handshake record gets a TLS handler in
 * front of the framing (Netty's {@code OptionalSslHandler}), while a HELLO frame (its first byte is
 * 0, never a TLS record type) goes on as plaintext. A client made with a
 * {@link dev.basalt.common.net.ClientTls} starts every connection with a TLS handshake (TLS 1.3 or
 * 1.2 only) and checks the certificate as its {@code Verification} says (nothing, the CA, or the CA
 * and the host name); the HELLO is written once the handshake is done.
 *
 * <pre>
 *   server pipeline:  tls-detect -&gt; (tls) -&gt; flush -&gt; framing -&gt; codec -&gt; rpc
 *   client pipeline:  (tls) -&gt; flush -&gt; framing -&gt; codec -&gt; rpc
 * </pre>
 *
 * A failed handshake (an untrusted certificate, a name the certificate does not hold, a server
 * that answers in plaintext) breaks the connection; its calls fail with {@code CONNECTION_FAILURE}
 * and {@code "TLS handshake with host:port failed: <reason>"}. The handshake is bounded by
 * {@code ClientTls.HANDSHAKE_TIMEOUT_MS} (5 s) on the client, on top of the HELLO's 2 s, and by
 * {@code ServerTls.HANDSHAKE_TIMEOUT_MS} (10 s) on the server. Nodes talk to each other in
 * plaintext: only clients choose TLS (the JDBC driver's {@code sslmode}).
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>{@code FRAME_BYTES_MAX} = 64 MiB bounds a whole frame, its length prefix included. A peer
 *       announcing a longer frame is disconnected before its bytes are read; a call whose request
 *       would be longer fails at once with {@code INVALID_REQUEST} and is never sent.
 *   <li>{@code PENDING_CALLS_MAX} = 65,536 calls may wait for an answer on one connection; the next
 *       one fails with {@code SERVER_BUSY}. The server applies the same bound to requests whose
 *       handler has not finished.
 *   <li>Every call has its own timeout ({@code TIMEOUT}); connecting and the HELLO exchange are
 *       bounded by {@code CONNECT_TIMEOUT_MS} and {@code HANDSHAKE_TIMEOUT_MS} (2 s each).
 *   <li><b>A silent peer is a dead peer.</b> While calls wait on a connection, the client sends a
 *       PING whenever the server has been silent for {@code PING_INTERVAL_MS} (400 ms); the server
 *       answers from its event loop, however long its handlers take. A connection with calls
 *       waiting that hears nothing for {@code SILENCE_MS_MAX} (2 s) is broken and its calls fail
 *       with {@code CONNECTION_FAILURE}: a paused (SIGSTOP) or cut-off node costs a caller 2 s, not
 *       the call's whole timeout, and the caller turns to another replica.
 *   <li>An error message sent over the wire is cut at {@code ERROR_MESSAGE_CHARS_MAX}.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Netty NIO event loops do all socket work. A server has one acceptor thread
 * ({@code <name>-rpc-accept-…}) and {@code min(4, cores)} I/O threads ({@code <name>-rpc-io-…});
 * a client has two I/O threads ({@code <name>-rpc-client-…}) shared by all its connections. All
 * are daemon threads.
 *
 * <ul>
 *   <li>{@link dev.basalt.common.net.RpcHandler#handle} runs on a server I/O thread and
 *       must not block: work that waits for disk, locks or other nodes goes to an executor, and the
 *       returned future is completed from there (any thread may complete it).
 *   <li>A client connection's state (pending calls, request ids, timers) is touched only by the
 *       event loop that owns its channel, so it needs no locks. Callers on any thread hand their
 *       call to that loop.
 *   <li>Call futures complete on a client I/O thread: a dependent stage that blocks must use an
 *       {@code …Async} variant with its own executor.
 * </ul>
 *
 * Writes are flushed through Netty's {@code FlushConsolidationHandler}: a lone call is flushed
 * as soon as the event loop gets to it, and a burst of calls queued together goes out in one
 * system call.
 */
package dev.basalt.common.net;
