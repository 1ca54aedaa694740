package dev.basalt.server.internal.client;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one connection's requests one at a time and in arrival order, on a shared pool: a client
 * may pipeline (close a cursor, then execute), and its session must see the requests in the order
 * sent. At most {@link #QUEUE_MAX} requests wait; beyond that the connection is refused more work.
 */
final class SerialExecutor implements Executor {
    /** Requests of one connection waiting to run. */
    static final int QUEUE_MAX = 1_024;

    private final Executor pool;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (queue.size() >= QUEUE_MAX) {
                throw new RejectedExecutionException("connection has " + QUEUE_MAX + " requests waiting");
            }
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            Runnable[] dropped;
            synchronized (this) {
                dropped = queue.toArray(Runnable[]::new);
                queue.clear();
                running = false;
            }
            for (Runnable r : dropped) {
                if (r instanceof Rejectable rejectable) {
                    rejectable.reject(new BasaltException(ErrorCode.SERVER_BUSY, "the node is overloaded: every session thread is busy"));
                }
            }
        }
    }

    private void drain() {
        Runnable next;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                running = false;
                return;
            }
        }
        try {
            next.run();
        } finally {
            boolean more;
            synchronized (this) {
                more = !queue.isEmpty();
                running = more;
            }
            if (more) {
                schedule(); // the next request, on a fresh pool turn so one connection cannot hold a thread forever
            }
        }
    }

    /** A task that can be told it will not run. */
    interface Rejectable extends Runnable {
        void reject(BasaltException why);
    }
}
