package dev.basalt.server.check.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Records a history as it happens: every invocation and completion gets the next index and the
 * time since the run started, under one lock, so index order is the order the events were seen
 * (the real-time order the checkers use) and times never go backwards. Bounded: past
 * {@link #OPS_MAX} events the recorder refuses more (the run then stops its clients).
 */
public final class Recorder {
    /** A run records at most this many events (ten minutes of a busy run is a few hundred thousand). */
    public static final int OPS_MAX = 20_000_000;

    private final long startNanos = System.nanoTime();
    private final List<Op> ops = new ArrayList<>();

    /** Nanoseconds since the run started. */
    public long nowNanos() {
        return System.nanoTime() - startNanos;
    }

    private synchronized Op add(int process, OpType type, String f, Object value, String error) {
        if (ops.size() >= OPS_MAX) {
            throw new IllegalStateException("the history is full (" + OPS_MAX + " events)");
        }
        Op op = new Op(ops.size(), nowNanos(), process, type, f, value, error);
        ops.add(op);
        return op;
    }

    public Op invoke(int process, String f, Object value) {
        return add(process, OpType.INVOKE, f, value, null);
    }

    public Op ok(int process, String f, Object value) {
        return add(process, OpType.OK, f, value, null);
    }

    public Op fail(int process, String f, Object value, String error) {
        return add(process, OpType.FAIL, f, value, error);
    }

    public Op info(int process, String f, Object value, String error) {
        return add(process, OpType.INFO, f, value, error);
    }

    /** A fault-injection event (process {@link Op#NEMESIS}, recorded as INFO). */
    public Op nemesis(String f, String description) {
        return add(Op.NEMESIS, OpType.INFO, f, description, null);
    }

    public synchronized List<Op> ops() {
        return new ArrayList<>(ops);
    }

    public synchronized int size() {
        return ops.size();
    }
}
