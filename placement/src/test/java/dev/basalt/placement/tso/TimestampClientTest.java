package dev.basalt.placement.tso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The timestamp client's promise with several oracle requests in flight: a draw that begins
 * after another draw returned gets a larger timestamp, and no timestamp is handed out twice.
 */
class TimestampClientTest {
    private static final int CALLERS = 16;
    private static final int DRAWS_PER_CALLER = 300;

    /** An in-process oracle that takes a random moment before and after allocating, as a network call would. */
    private static final class SlowOracle implements IntToLongFunction {
        private final AtomicLong next = new AtomicLong(1);
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger inFlightMax = new AtomicInteger();
        private final ThreadLocal<Random> random;

        SlowOracle(long seed) {
            this.random = ThreadLocal.withInitial(() -> new Random(seed ^ Thread.currentThread().getId()));
        }

        @Override
        public long applyAsLong(int count) {
            inFlightMax.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Random r = random.get();
            try {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(r.nextInt(500)));
                long first = next.getAndAdd(count);
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(r.nextInt(500)));
                return first;
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void aDrawThatBeginsAfterAnotherReturnedIsLargerWithSeveralRequestsInFlight() throws Exception {
        long seed = System.nanoTime();
        SlowOracle oracle = new SlowOracle(seed);
        // A node that leads the meta group: every draw is served by `oracle` in-process.
        TimestampClient client = new TimestampClient(null, id -> null, List::of, 1, oracle);
        AtomicLong largestReturned = new AtomicLong();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < DRAWS_PER_CALLER; i++) {
                        long before = largestReturned.get(); // every draw that returned so far is at most this
                        long ts = client.next();
                        assertTrue(ts > before, "seed " + seed + ": drew " + ts + " after a draw had returned " + before);
                        assertTrue(seen.add(ts), "seed " + seed + ": timestamp " + ts + " was handed out twice");
                        largestReturned.accumulateAndGet(ts, Math::max);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
            client.close();
        }
        assertEquals(CALLERS * DRAWS_PER_CALLER, seen.size(), "seed " + seed);
        assertTrue(oracle.inFlightMax.get() > 1, "seed " + seed + ": the oracle never saw two requests at once ("
                + oracle.inFlightMax.get() + "), so the test did not exercise concurrent draws");
        assertTrue(oracle.inFlightMax.get() <= TimestampClient.DRAWS_IN_FLIGHT_MAX, "seed " + seed + ": "
                + oracle.inFlightMax.get() + " requests in flight, above the limit " + TimestampClient.DRAWS_IN_FLIGHT_MAX);
    }
}
