package dev.basalt.common;

import java.util.concurrent.TimeUnit;

/**
 * The cancel flag of one client session's running request, and its deadline. A session has one
 * signal for its whole life; the connection handler <i>arms</i> it for each request that runs SQL
 * (execute, batch, fetch) and <i>disarms</i> it when the request ends, and the code that does the
 * work calls {@link #check()} at bounded points: between pages of a scan, between rows handed to
 * the client, before each sleep of a lock wait. A check throws QUERY_CANCELED (57014) with
 * PostgreSQL's messages once the request was cancelled or its deadline passed; it is a volatile read
 * and a clock read otherwise, so it is cheap enough for every row.
 *
 * <p><b>A cancel reaches exactly the requests that arrived before it.</b> The handler numbers the
 * session's requests in the order they arrive ({@code seq}); {@link #cancel(long)} names the last
 * number that had arrived when the CANCEL did. A request still running is flagged at once; one
 * still queued behind it is flagged when it is armed. A request that arrives after the CANCEL is
 * never touched, and a CANCEL with nothing running or queued does nothing.
 *
 * <p>Thread-safety: {@code arm}, {@code disarm} and {@code check} come from the one thread serving
 * the session at a time; {@code cancel} from any thread (the connection's I/O thread).
 */
public final class CancelSignal {
    /** PostgreSQL's message for a cancel request. */
    public static final String USER_REQUEST = "canceling statement due to user request";
    /** PostgreSQL's message for statement_timeout. */
    public static final String STATEMENT_TIMEOUT = "canceling statement due to statement timeout";

    /** One armed request: its number, deadline (0: none) and cancel flag. */
    private static final class Armed {
        final long seq;
        final long deadlineNanos;
        final long timeoutMs;
        volatile boolean cancelled;

        Armed(long seq, long timeoutMs) {
            this.seq = seq;
            this.timeoutMs = timeoutMs;
            this.deadlineNanos = timeoutMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) : 0;
        }
    }

    private volatile Armed current;
    /** The highest request number a CANCEL has covered. */
    private volatile long cancelledThrough;

    /**
     * Request {@code seq} starts, with a deadline {@code timeoutMs} from now (0: none). Flagged at
     * once if a CANCEL that arrived after it was already seen.
     */
    public void arm(long seq, long timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeout " + timeoutMs + " ms is negative");
        }
        Armed a = new Armed(seq, timeoutMs);
        current = a;
        if (seq <= cancelledThrough) {
            a.cancelled = true;
        }
    }

    /** The armed request ended; checks pass until the next {@link #arm}. */
    public void disarm() {
        current = null;
    }

    /**
     * Cancels the requests numbered up to {@code throughSeq}: the running one, if it is one of them,
     * and any of them armed later. Returns whether a running request was flagged.
     */
    public boolean cancel(long throughSeq) {
        synchronized (this) {
            if (throughSeq > cancelledThrough) {
                cancelledThrough = throughSeq;
            }
        }
        Armed a = current;
        if (a != null && a.seq <= throughSeq) {
            a.cancelled = true;
            return true;
        }
        return false;
    }

    /** Whether a request is armed (running) now. */
    public boolean armed() {
        return current != null;
    }

    /** Throws QUERY_CANCELED if the armed request was cancelled or ran past its deadline. */
    public void check() {
        Armed a = current;
        if (a == null) {
            return;
        }
        if (a.cancelled) {
            throw new BasaltException(ErrorCode.QUERY_CANCELED, USER_REQUEST);
        }
        if (a.deadlineNanos != 0 && System.nanoTime() - a.deadlineNanos > 0) {
            throw new BasaltException(ErrorCode.QUERY_CANCELED, STATEMENT_TIMEOUT + " (the statement's query timeout is "
                    + a.timeoutMs + " ms)");
        }
    }
}
