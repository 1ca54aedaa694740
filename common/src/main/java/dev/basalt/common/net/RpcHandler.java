package dev.basalt.common.net;

import java.util.concurrent.CompletableFuture;

/**
 * What a {@link RpcServer} does with one request: turn {@code (method, payload)} into response
 * bytes. The method numbers and the payload encoding belong to the caller's protocol, not to the
 * transport.
 *
 * <p>{@link #handle} runs on a Netty event loop shared with other connections, so it must not
 * block: work that waits (disk, locks, other nodes) goes to an executor, which completes the
 * returned future from its own thread. Requests on one connection may be answered in any order.
 *
 * <p>Failures reach the caller as a {@link dev.basalt.common.BasaltException}: one thrown by
 * {@code handle} or completing the future keeps its {@link dev.basalt.common.ErrorCode} and
 * message; any other exception becomes {@code INTERNAL_ERROR} with the exception's message and is
 * logged by the server at WARN with its stack.
 */
@FunctionalInterface
public interface RpcHandler {
    CompletableFuture<byte[]> handle(int method, byte[] payload);
}
