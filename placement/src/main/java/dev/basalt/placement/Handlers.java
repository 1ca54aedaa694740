package dev.basalt.placement;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.RpcHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Helpers for node-protocol handlers. A handler runs on a Netty event loop and must not block;
 * work that waits (Raft, disk, other nodes) runs on an executor through {@link #on}.
 */
public final class Handlers {
    private Handlers() {
    }

    /** A handler body that may block and throw. */
    public interface Call {
        byte[] run() throws Exception;
    }

    /** Runs {@code call} on {@code executor}; failures arrive as BasaltExceptions, a full queue as SERVER_BUSY. */
    public static CompletableFuture<byte[]> on(Executor executor, Call call) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(call.run());
                } catch (BasaltException e) {
                    result.completeExceptionally(e);
                } catch (Exception e) {
                    result.completeExceptionally(new BasaltException(ErrorCode.INTERNAL_ERROR, String.valueOf(e.getMessage()), e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new BasaltException(ErrorCode.SERVER_BUSY, "the node is overloaded or shutting down"));
        }
        return result;
    }

    /** One dispatch table from several components' handlers; a number registered twice is a bug. */
    @SafeVarargs
    public static Map<Integer, RpcHandler> merge(Map<Integer, RpcHandler>... parts) {
        Map<Integer, RpcHandler> all = new java.util.HashMap<>();
        for (Map<Integer, RpcHandler> part : parts) {
            for (Map.Entry<Integer, RpcHandler> e : part.entrySet()) {
                if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                    throw new IllegalStateException("node method " + e.getKey() + " has two handlers");
                }
            }
        }
        return Map.copyOf(all);
    }
}
