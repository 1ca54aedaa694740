package dev.basalt.common.net;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.basalt.common.BasaltException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits for call futures, so that a broken transport fails a test instead of hanging it. */
final class Outcomes {
    /** Far above any latency on loopback; reached only when something is broken. */
    static final long WAIT_MS = 10_000;

    private Outcomes() {
    }

    static <T> T valueOf(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("no outcome within " + WAIT_MS + " ms");
        }
    }

    static BasaltException failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            Object value = future.get(WAIT_MS, TimeUnit.MILLISECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(BasaltException.class, e.getCause());
        } catch (TimeoutException e) {
            return fail("no outcome within " + WAIT_MS + " ms");
        }
    }
}
