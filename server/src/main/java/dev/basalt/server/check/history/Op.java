package dev.basalt.server.check.history;

import java.util.List;
import java.util.Objects;

/**
 * One event of a history: a client (or the nemesis) invoking an operation, or that operation's
 * completion.
 *
 * @param index position in the history, 0, 1, 2, ...; the order in which the recorder saw the
 *     events, which is the real-time order the checkers use
 * @param timeNanos nanoseconds since the run started; non-decreasing in index order
 * @param process the client that issued the operation ({@code >= 0}), or {@link #NEMESIS}
 * @param type invocation or one of the three completions
 * @param f the operation's function: {@code "txn"}, {@code "transfer"}, {@code "read"}, ...
 * @param value the workload's value record ({@link Mop} list, {@link Transfer}, {@link
 *     RegisterOp}, ...), a String for nemesis events, or null
 * @param error null, or a short description of why the operation failed or is unknown
 */
public record Op(long index, long timeNanos, int process, OpType type, String f, Object value, String error) {
    /** The process of fault-injection events; checkers skip it. */
    public static final int NEMESIS = -1;

    public Op {
        if (index < 0) {
            throw new IllegalArgumentException("op index must be >= 0, was " + index);
        }
        if (timeNanos < 0) {
            throw new IllegalArgumentException("op " + index + ": time must be >= 0 ns, was " + timeNanos);
        }
        if (process < NEMESIS) {
            throw new IllegalArgumentException("op " + index + ": process must be >= 0 or NEMESIS, was " + process);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        if (value instanceof List<?> list) {
            value = List.copyOf(list); // a transaction's micro-ops; keeps the record immutable
        }
    }

    public static Op invoke(long index, long timeNanos, int process, String f, Object value) {
        return new Op(index, timeNanos, process, OpType.INVOKE, f, value, null);
    }

    public static Op ok(long index, long timeNanos, int process, String f, Object value) {
        return new Op(index, timeNanos, process, OpType.OK, f, value, null);
    }

    public static Op fail(long index, long timeNanos, int process, String f, Object value, String error) {
        return new Op(index, timeNanos, process, OpType.FAIL, f, value, error);
    }

    public static Op info(long index, long timeNanos, int process, String f, Object value, String error) {
        return new Op(index, timeNanos, process, OpType.INFO, f, value, error);
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }

    public boolean isInvoke() {
        return type == OpType.INVOKE;
    }
}
