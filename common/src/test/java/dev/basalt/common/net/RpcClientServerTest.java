package dev.basalt.common.net;

import static dev.basalt.common.net.Outcomes.failureOf;
import static dev.basalt.common.net.Outcomes.valueOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client and server over real sockets on 127.0.0.1. Every test closes what it starts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcClientServerTest {
    private static final HostPort EPHEMERAL = new HostPort("127.0.0.1", 0);
    private static final int ECHO = 1;
    private static final int NEVER_ANSWERED = 2;
    private static final long TIMEOUT_MS = Outcomes.WAIT_MS;

    /** Answers ECHO with its payload; leaves NEVER_ANSWERED waiting forever. */
    private static CompletableFuture<byte[]> echo(int method, byte[] payload) {
        return method == ECHO ? CompletableFuture.completedFuture(payload) : new CompletableFuture<>();
    }

    @Test
    void echoRoundTrip() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo);
                RpcClient client = new RpcClient("cli")) {
            byte[] payload = "hello, range 7".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(payload, valueOf(client.call(server.address(), ECHO, payload, TIMEOUT_MS)));
            assertArrayEquals(new byte[0], valueOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS)));
        }
    }

    /** A handler with per-connection state, closed when its connection closes. */
    private static final class ConnectionHandler implements RpcHandler, AutoCloseable {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public CompletableFuture<byte[]> handle(int method, byte[] payload) {
            return CompletableFuture.completedFuture(new byte[] {(byte) calls.incrementAndGet()});
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void eachConnectionGetsItsOwnHandlerWhichIsClosedWithTheConnection() throws Exception {
        List<ConnectionHandler> made = Collections.synchronizedList(new ArrayList<>());
        try (RpcServer server = RpcServer.startPerConnection("srv", EPHEMERAL, () -> {
            ConnectionHandler h = new ConnectionHandler();
            made.add(h);
            return h;
        })) {
            RpcClient first = new RpcClient("cli-1");
            RpcClient second = new RpcClient("cli-2");
            assertArrayEquals(new byte[] {1}, first.call(server.address(), ECHO, new byte[0], 5_000).get(5, TimeUnit.SECONDS));
            assertArrayEquals(new byte[] {2}, first.call(server.address(), ECHO, new byte[0], 5_000).get(5, TimeUnit.SECONDS));
            assertArrayEquals(new byte[] {1}, second.call(server.address(), ECHO, new byte[0], 5_000).get(5, TimeUnit.SECONDS),
                    "a second connection starts with a fresh handler");
            assertEquals(2, made.size());
            first.close();
            assertTrue(made.get(0).closed.await(5, TimeUnit.SECONDS), "the first connection's handler is closed when it closes");
            assertEquals(1, made.get(1).closed.getCount(), "the second connection's handler stays open");
            second.close();
            assertTrue(made.get(1).closed.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void serverReportsTheBoundEphemeralPort() {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo)) {
            assertEquals("127.0.0.1", server.address().host());
            assertTrue(server.address().port() > 0, server.address().toString());
        }
    }

    @Test
    void concurrentCallsAreMatchedToTheirRequestsWhenAnsweredOutOfOrder() throws Exception {
        int threads = 16;
        int callsPerThread = 625;
        int batch = 100;
        long seed = System.nanoTime();
        ShufflingEchoHandler handler = new ShufflingEchoHandler(new Random(seed), batch);
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, handler);
                RpcClient client = new RpcClient("cli")) {
            AtomicReferenceArray<CompletableFuture<byte[]>> calls = new AtomicReferenceArray<>(threads * callsPerThread);
            ExecutorService callers = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(callers.submit(() -> {
                        start.await();
                        for (int c = 0; c < callsPerThread; c++) {
                            int index = thread * callsPerThread + c;
                            calls.set(index, client.call(server.address(), ECHO, payloadFor(index), TIMEOUT_MS * 3));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> caller : done) {
                    caller.get(Outcomes.WAIT_MS, TimeUnit.MILLISECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            for (int index = 0; index < calls.length(); index++) {
                byte[] answer;
                try {
                    answer = calls.get(index).get(TIMEOUT_MS * 3, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new AssertionError("call " + index + " got no answer (seed " + seed + ")", e);
                }
                assertArrayEquals(payloadFor(index), answer, "call " + index + " got another call's answer (seed " + seed + ")");
            }
            assertEquals(threads * callsPerThread, handler.answered(), "answered by the handler (seed " + seed + ")");
            assertTrue(handler.answeredOutOfOrder() > 0, "the shuffle never reordered answers (seed " + seed + ")");
        }
    }

    @Test
    void handlerFailureArrivesWithItsErrorCodeAndMessage() throws Exception {
        RpcHandler handler = (method, payload) ->
                CompletableFuture.failedFuture(new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "write conflict on key 42"));
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, handler); RpcClient client = new RpcClient("cli")) {
            BasaltException e = failureOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
            assertEquals("write conflict on key 42", e.getMessage());
        }
    }

    @Test
    void basaltExceptionThrownByHandlerArrivesWithItsErrorCodeAndMessage() throws Exception {
        RpcHandler handler = (method, payload) -> {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "range 17 does not exist");
        };
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, handler); RpcClient client = new RpcClient("cli")) {
            BasaltException e = failureOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.UNDEFINED_OBJECT, e.code());
            assertEquals("range 17 does not exist", e.getMessage());
        }
    }

    @Test
    void runtimeExceptionThrownByHandlerArrivesAsInternalError() throws Exception {
        RpcHandler handler = (method, payload) -> {
            throw new IllegalStateException("handler bug for method " + method);
        };
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, handler); RpcClient client = new RpcClient("cli")) {
            BasaltException e = failureOf(client.call(server.address(), 5, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertEquals("handler bug for method 5", e.getMessage());
        }
    }

    @Test
    void exceptionInAHandlerStageArrivesAsInternalErrorWithItsOwnMessage() throws Exception {
        // supplyAsync wraps the exception in a CompletionException; the caller sees the original message.
        RpcHandler handler = (method, payload) -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("bad key encoding");
        });
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, handler); RpcClient client = new RpcClient("cli")) {
            BasaltException e = failureOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertEquals("bad key encoding", e.getMessage());
        }
    }

    @Test
    void unansweredCallTimesOutAndTheConnectionStillWorks() throws Exception {
        long timeoutMs = 300;
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo);
                RpcClient client = new RpcClient("cli")) {
            assertArrayEquals(new byte[] {1}, valueOf(client.call(server.address(), ECHO, new byte[] {1}, TIMEOUT_MS)));
            long startNanos = System.nanoTime();
            BasaltException e = failureOf(client.call(server.address(), NEVER_ANSWERED, new byte[0], timeoutMs));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

            assertEquals(ErrorCode.TIMEOUT, e.code());
            assertEquals("call to " + server.address() + " method " + NEVER_ANSWERED + " timed out after 300 ms", e.getMessage());
            assertTrue(elapsedMs >= timeoutMs, "timed out after " + elapsedMs + " ms, before " + timeoutMs + " ms");
            assertTrue(elapsedMs < timeoutMs + 5_000, "timed out only after " + elapsedMs + " ms");
            assertArrayEquals(new byte[] {2}, valueOf(client.call(server.address(), ECHO, new byte[] {2}, TIMEOUT_MS)));
        }
    }

    @Test
    void callLongerThanTheSilenceLimitOnALiveServerRunsToItsOwnTimeout() throws Exception {
        long timeoutMs = RpcProtocol.SILENCE_MS_MAX * 2;
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo);
                RpcClient client = new RpcClient("cli")) {
            BasaltException e = failureOf(client.call(server.address(), NEVER_ANSWERED, new byte[0], timeoutMs));
            // The server's event loop answered every PING, so the connection was never declared dead.
            assertEquals(ErrorCode.TIMEOUT, e.code(), e.getMessage());
            assertArrayEquals(new byte[] {3}, valueOf(client.call(server.address(), ECHO, new byte[] {3}, TIMEOUT_MS)));
        }
    }

    @Test
    void callToAServerThatFallsSilentAfterTheHandshakeFailsWithConnectionFailure() throws Exception {
        // A peer that completes the handshake and then answers nothing, not even PING: a paused JVM.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RpcClient client = new RpcClient("cli")) {
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket s = silent.accept()) {
                    s.getInputStream().readNBytes(RpcProtocol.HEADER_BYTES + 6); // the HELLO
                    io.netty.buffer.ByteBuf ok = RpcProtocol.encode(new RpcFrame.HelloOk(RpcProtocol.PROTOCOL_VERSION),
                            io.netty.buffer.ByteBufAllocator.DEFAULT);
                    byte[] bytes = new byte[ok.readableBytes()];
                    ok.readBytes(bytes);
                    ok.release();
                    s.getOutputStream().write(bytes);
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()); // swallow requests and pings
                } catch (java.io.IOException e) {
                    // the client closed the connection: the end of this fake server
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            HostPort address = new HostPort("127.0.0.1", silent.getLocalPort());
            // The call's own timeout is far away: only the silence limit can end it with CONNECTION_FAILURE.
            BasaltException e = failureOf(client.call(address, ECHO, new byte[0], 60_000));
            assertEquals(ErrorCode.CONNECTION_FAILURE, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("no answer from " + address), e.getMessage());
        }
    }

    @Test
    void aTargetThatLeftTheHelloUnansweredFailsLaterCallsAtOnceUntilItAnswers() throws Exception {
        // A peer that accepts connections and reads, but never answers: a paused JVM.
        try (ServerSocket paused = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RpcClient client = new RpcClient("cli")) {
            List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(paused.accept()); // kept open, never read from: the HELLO goes unanswered
                    }
                } catch (java.io.IOException e) {
                    // the socket was closed: the end of this fake server
                }
            }, "paused-server");
            acceptor.setDaemon(true);
            acceptor.start();
            HostPort address = new HostPort("127.0.0.1", paused.getLocalPort());
            BasaltException first = failureOf(client.call(address, ECHO, new byte[0], 60_000));
            assertEquals(ErrorCode.CONNECTION_FAILURE, first.code(), first.getMessage());
            assertTrue(first.getMessage().contains("no answer to HELLO"), first.getMessage());
            assertTrue(client.isSuspected(address));
            // The next call does not wait behind another unanswered HELLO: it fails at once, saying why.
            BasaltException next = failureOf(client.call(address, ECHO, new byte[0], 60_000));
            assertEquals(ErrorCode.CONNECTION_FAILURE, next.code(), next.getMessage());
            assertTrue(next.getMessage().startsWith(address + " is not answering (") && next.getMessage().contains("no answer to HELLO"),
                    next.getMessage());
            synchronized (held) {
                for (java.net.Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aSuspectedTargetIsCalledAgainOnceItAnswers() throws Exception {
        try (ServerSocket paused = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RpcClient client = new RpcClient("cli")) {
            HostPort address = new HostPort("127.0.0.1", paused.getLocalPort());
            BasaltException first = failureOf(client.call(address, ECHO, new byte[0], 60_000)); // nobody accepts: HELLO unanswered
            assertEquals(ErrorCode.CONNECTION_FAILURE, first.code(), first.getMessage());
            assertTrue(client.isSuspected(address));
            paused.close();
            try (RpcServer server = RpcServer.start("srv", address, RpcClientServerTest::echo)) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Outcomes.WAIT_MS);
                byte[] answer = null;
                while (answer == null && System.nanoTime() < deadline) {
                    try {
                        answer = client.call(address, ECHO, new byte[] {7}, TIMEOUT_MS).get(Outcomes.WAIT_MS, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        BasaltException b = (BasaltException) e.getCause();
                        assertEquals(ErrorCode.CONNECTION_FAILURE, b.code(), b.getMessage()); // the reconnect is under way
                        TimeUnit.MILLISECONDS.sleep(10); // polling: the reconnect completes on the client's I/O thread
                    }
                }
                assertArrayEquals(new byte[] {7}, answer, "the restarted server is called again");
                assertFalse(client.isSuspected(address));
            }
        }
    }

    @Test
    void callToAPortNobodyListensOnFailsNamingTheAddress() throws Exception {
        HostPort nobody = unusedPort();
        try (RpcClient client = new RpcClient("cli")) {
            BasaltException e = failureOf(client.call(nobody, ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
            assertTrue(e.getMessage().contains(nobody.toString()), e.getMessage());
        }
    }

    @Test
    void callToAnUnknownHostFailsNamingIt() throws Exception {
        // ".invalid" is reserved (RFC 2606): it never resolves.
        HostPort unknown = new HostPort("basalt-no-such-host.invalid", 7001);
        try (RpcClient client = new RpcClient("cli")) {
            BasaltException e = failureOf(client.call(unknown, ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
            assertEquals("cannot connect to basalt-no-such-host.invalid:7001: host basalt-no-such-host.invalid is unknown",
                    e.getMessage());
        }
    }

    @Test
    void serverCloseFailsPendingCallsAndANewServerIsReachable() throws Exception {
        CountDownLatch received = new CountDownLatch(3);
        RpcHandler handler = (method, payload) -> {
            received.countDown();
            return echo(method, payload);
        };
        try (RpcClient client = new RpcClient("cli")) {
            HostPort oldAddress;
            List<CompletableFuture<byte[]>> pending = new ArrayList<>();
            try (RpcServer server = RpcServer.start("srv", EPHEMERAL, handler)) {
                oldAddress = server.address();
                for (int i = 0; i < 3; i++) {
                    pending.add(client.call(oldAddress, NEVER_ANSWERED, new byte[] {(byte) i}, TIMEOUT_MS * 3));
                }
                assertTrue(received.await(Outcomes.WAIT_MS, TimeUnit.MILLISECONDS), "the server never got the 3 calls");
            }
            for (CompletableFuture<byte[]> call : pending) {
                BasaltException e = failureOf(call);
                assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
                assertTrue(e.getMessage().contains(oldAddress.toString()), e.getMessage());
            }
            try (RpcServer replacement = RpcServer.start("srv2", EPHEMERAL, RpcClientServerTest::echo)) {
                assertArrayEquals(new byte[] {9}, valueOf(client.call(replacement.address(), ECHO, new byte[] {9}, TIMEOUT_MS)));
            }
        }
    }

    @Test
    void callAfterServerRestartOnTheSamePortReconnects() throws Exception {
        try (RpcClient client = new RpcClient("cli")) {
            HostPort address;
            try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo)) {
                address = server.address();
                assertArrayEquals(new byte[] {1}, valueOf(client.call(address, ECHO, new byte[] {1}, TIMEOUT_MS)));
            }
            assertEquals(ErrorCode.CONNECTION_FAILURE, failureOf(client.call(address, ECHO, new byte[] {2}, TIMEOUT_MS)).code());
            try (RpcServer restarted = RpcServer.start("srv", address, RpcClientServerTest::echo)) {
                assertEquals(address, restarted.address());
                assertArrayEquals(new byte[] {3}, valueOf(client.call(address, ECHO, new byte[] {3}, TIMEOUT_MS)));
            }
        }
    }

    @Test
    void payloadOverTheFrameLimitFailsAtOnceWithoutBeingSent() throws Exception {
        int frameBytesMax = 1_024;
        int payloadBytesMax = frameBytesMax - RpcProtocol.REQUEST_HEADER_BYTES;
        AtomicInteger received = new AtomicInteger();
        RpcHandler handler = (method, payload) -> {
            received.incrementAndGet();
            return echo(method, payload);
        };
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, handler);
                RpcClient client = new RpcClient("cli", frameBytesMax, RpcProtocol.PENDING_CALLS_MAX, RpcProtocol.PROTOCOL_VERSION)) {
            CompletableFuture<byte[]> tooLarge = client.call(server.address(), ECHO, new byte[payloadBytesMax + 1], TIMEOUT_MS);
            assertTrue(tooLarge.isDone(), "an oversized call must fail before anything is sent");
            BasaltException e = failureOf(tooLarge);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals("call to " + server.address() + " method 1: a payload of " + (payloadBytesMax + 1)
                    + " bytes makes a frame of 1025 bytes; the limit is 1024", e.getMessage());

            // Requests on one connection arrive in order: had the large one been sent, it would be counted first.
            byte[] largest = new byte[payloadBytesMax];
            assertArrayEquals(largest, valueOf(client.call(server.address(), ECHO, largest, TIMEOUT_MS)));
            assertEquals(1, received.get());
        }
    }

    @Test
    void defaultFrameLimitIs64MebibytesAndIsCheckedBeforeConnecting() throws Exception {
        HostPort nobody = unusedPort();
        try (RpcClient client = new RpcClient("cli")) {
            byte[] payload = new byte[RpcProtocol.FRAME_BYTES_MAX - RpcProtocol.REQUEST_HEADER_BYTES + 1];
            BasaltException e = failureOf(client.call(nobody, ECHO, payload, TIMEOUT_MS));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().contains("the limit is " + (64 * 1024 * 1024)), e.getMessage());
        }
    }

    @Test
    void callsBeyondThePendingLimitFailWithServerBusy() throws Exception {
        int pendingCallsMax = 4;
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo);
                RpcClient client = new RpcClient("cli", RpcProtocol.FRAME_BYTES_MAX, pendingCallsMax, RpcProtocol.PROTOCOL_VERSION)) {
            List<CompletableFuture<byte[]>> waiting = new ArrayList<>();
            for (int i = 0; i < pendingCallsMax; i++) {
                waiting.add(client.call(server.address(), NEVER_ANSWERED, new byte[0], TIMEOUT_MS * 3));
            }
            BasaltException e = failureOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.SERVER_BUSY, e.code());
            assertTrue(e.getMessage().contains("4 pending calls"), e.getMessage());
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "calls within the limit must still wait");
        }
    }

    @Test
    void clientCloseFailsPendingCallsAndLaterCalls() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo)) {
            RpcClient client = new RpcClient("cli");
            CompletableFuture<byte[]> waiting;
            try {
                assertArrayEquals(new byte[] {1}, valueOf(client.call(server.address(), ECHO, new byte[] {1}, TIMEOUT_MS)));
                waiting = client.call(server.address(), NEVER_ANSWERED, new byte[0], TIMEOUT_MS * 3);
            } finally {
                client.close();
            }
            BasaltException pendingFailure = failureOf(waiting);
            assertEquals(ErrorCode.CONNECTION_FAILURE, pendingFailure.code());
            assertTrue(pendingFailure.getMessage().contains(server.address().toString()), pendingFailure.getMessage());

            BasaltException laterFailure = failureOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.CONNECTION_FAILURE, laterFailure.code());
            assertTrue(laterFailure.getMessage().contains("closed"), laterFailure.getMessage());
        }
    }

    @Test
    void serverRefusingTheProtocolVersionFailsTheCallWithTheReason() throws Exception {
        try (RpcServer server = RpcServer.start("srv", EPHEMERAL, RpcClientServerTest::echo);
                RpcClient client = new RpcClient("cli", RpcProtocol.FRAME_BYTES_MAX, RpcProtocol.PENDING_CALLS_MAX, 2)) {
            BasaltException e = failureOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.CONNECTION_FAILURE, e.code());
            assertEquals(server.address() + " refused the connection: protocol version 2 is not supported; "
                    + "this server speaks version 1", e.getMessage());
        }
    }

    @Test
    void invalidArgumentsFailAtOnce() throws Exception {
        HostPort nobody = unusedPort();
        try (RpcClient client = new RpcClient("cli")) {
            BasaltException badMethod = failureOf(client.call(nobody, 65_536, new byte[0], TIMEOUT_MS));
            assertEquals(ErrorCode.INVALID_REQUEST, badMethod.code());
            assertTrue(badMethod.getMessage().contains("method 65536"), badMethod.getMessage());
            BasaltException badTimeout = failureOf(client.call(nobody, ECHO, new byte[0], 0));
            assertEquals(ErrorCode.INVALID_REQUEST, badTimeout.code());
            assertTrue(badTimeout.getMessage().contains("timeout 0 ms"), badTimeout.getMessage());
        }
    }

    @Test
    void threadsAreNamedAfterTheNodeAndAreDaemons() throws Exception {
        try (RpcServer server = RpcServer.start("n7", EPHEMERAL, RpcClientServerTest::echo);
                RpcClient client = new RpcClient("n8")) {
            valueOf(client.call(server.address(), ECHO, new byte[0], TIMEOUT_MS));
            Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
            for (String prefix : List.of("n7-rpc-accept-", "n7-rpc-io-", "n8-rpc-client-")) {
                List<Thread> named = threads.keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
                assertFalse(named.isEmpty(), "no thread named " + prefix + "…");
                assertTrue(named.stream().allMatch(Thread::isDaemon), prefix + " threads must be daemons");
            }
        }
    }

    /** A port that was free a moment ago: bound, read, released. */
    private static HostPort unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return new HostPort("127.0.0.1", socket.getLocalPort());
        }
    }

    private static byte[] payloadFor(int index) {
        return ("call-" + index).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Echoes, but holds requests back until {@code batch} have arrived and then answers them in an
     * order shuffled by a seeded random, so answers overtake each other on the connection.
     */
    private static final class ShufflingEchoHandler implements RpcHandler {
        private final Random random;
        private final int batch;
        private final List<Held> held = new ArrayList<>();
        private int answered;
        private int answeredOutOfOrder;

        private record Held(int arrival, byte[] payload, CompletableFuture<byte[]> answer) {
        }

        ShufflingEchoHandler(Random random, int batch) {
            this.random = random;
            this.batch = batch;
        }

        @Override
        public synchronized CompletableFuture<byte[]> handle(int method, byte[] payload) {
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            held.add(new Held(held.size(), payload, answer));
            if (held.size() == batch) {
                List<Held> order = new ArrayList<>(held);
                held.clear();
                Collections.shuffle(order, random);
                for (int position = 0; position < order.size(); position++) {
                    Held request = order.get(position);
                    if (request.arrival() != position) {
                        answeredOutOfOrder++;
                    }
                    answered++;
                    request.answer().complete(request.payload());
                }
            }
            return answer;
        }

        synchronized int answered() {
            return answered;
        }

        synchronized int answeredOutOfOrder() {
            return answeredOutOfOrder;
        }
    }
}
