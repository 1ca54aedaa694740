package dev.basalt.jdbc.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcServer;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ConnectResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A scripted stand-in for a Basalt node: a real {@link RpcServer} on an ephemeral port whose
 * handler answers each client method with what the test scripted, and records every request.
 * By default CONNECT opens "session 1 on node 7", and COMMIT, ROLLBACK, SET_SESSION, PING,
 * CLOSE_CURSOR and CLOSE_STATEMENT answer with an empty payload; anything else not scripted is
 * an INTERNAL_ERROR naming the method. Close it (try-with-resources) in every test.
 */
final class FakeNode implements AutoCloseable {
    static final String SERVER_VERSION = "0.1.0-fake";
    static final int NODE_ID = 7;

    /** One request as the node received it. */
    record Request(int method, byte[] payload) {
        @Override
        public String toString() {
            return ClientMethods.name(method) + "(" + payload.length + " bytes)";
        }
    }

    private final List<Request> requests = new ArrayList<>();
    private final Map<Integer, Function<byte[], CompletableFuture<byte[]>>> script = new ConcurrentHashMap<>();
    private final RpcServer server;

    FakeNode() {
        answer(ClientMethods.CONNECT, payload -> new ConnectResponse.Opened(SERVER_VERSION, NODE_ID, 1).encode());
        for (int method : new int[] {ClientMethods.COMMIT, ClientMethods.ROLLBACK, ClientMethods.SET_SESSION,
            ClientMethods.PING, ClientMethods.CLOSE_CURSOR, ClientMethods.CLOSE_STATEMENT}) {
            answer(method, payload -> ClientMethods.EMPTY);
        }
        server = RpcServer.start("fake", HostPort.parse("127.0.0.1:0"), this::handle);
    }

    HostPort address() {
        return server.address();
    }

    String url() {
        return "jdbc:basalt://" + address() + "/shop";
    }

    /** Answers {@code method} with what {@code answer} returns for the request's payload. */
    FakeNode answer(int method, Function<byte[], byte[]> answer) {
        script.put(method, payload -> CompletableFuture.completedFuture(answer.apply(payload)));
        return this;
    }

    /** Answers {@code method} with an error. */
    FakeNode fail(int method, ErrorCode code, String message) {
        script.put(method, payload -> CompletableFuture.failedFuture(new BasaltException(code, message)));
        return this;
    }

    /** Never answers {@code method}. */
    FakeNode hang(int method) {
        script.put(method, payload -> new CompletableFuture<>());
        return this;
    }

    /** The requests received so far, in order. */
    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests of one method, in order. */
    synchronized List<Request> requests(int method) {
        return requests.stream().filter(r -> r.method() == method).toList();
    }

    /** The methods received, in order, as names: for readable assertions. */
    synchronized List<String> methods() {
        return requests.stream().map(r -> ClientMethods.name(r.method())).toList();
    }

    synchronized void clear() {
        requests.clear();
    }

    private CompletableFuture<byte[]> handle(int method, byte[] payload) {
        synchronized (this) {
            requests.add(new Request(method, payload));
            notifyAll();
        }
        Function<byte[], CompletableFuture<byte[]>> answer = script.get(method);
        if (answer == null) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.INTERNAL_ERROR,
                    "fake node: nothing scripted for " + ClientMethods.name(method)));
        }
        return answer.apply(payload);
    }

    /**
     * Waits until {@code count} requests of {@code method} have arrived: for requests the driver
     * sends without waiting (CLOSE_CURSOR, CLOSE_STATEMENT). Fails after {@code timeoutMs}.
     */
    synchronized List<Request> awaitRequests(int method, int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (requests(method).size() < count) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new AssertionError("expected " + count + " " + ClientMethods.name(method) + " requests within "
                        + timeoutMs + " ms; got " + methods());
            }
            wait(leftMs);
        }
        return requests(method);
    }

    @Override
    public void close() {
        server.close();
    }
}
