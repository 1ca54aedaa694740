package dev.basalt.server.check.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes histories for tests, one event per call, in the order they happen:
 * <pre>
 *   HistoryBuilder h = new HistoryBuilder();
 *   var t1 = h.txn(0, "a 1 10, r 2 [20]");   // process 0 invokes [append(1, 10), read(2)]
 *   var t2 = h.txn(1, "a 2 20");              // concurrent with t1
 *   long t2Done = h.ok(t2);                    // completes with its value as written
 *   h.ok(t1);                                  // read(2) = [20] filled in
 *   h.txnOk(2, "r 1 [10], r 2 [20]");         // invoke and complete at once
 * </pre>
 * Micro-ops: {@code a KEY ELEMENT} appends; {@code r KEY} reads with no result; {@code r KEY
 * [E1 E2 ...]} reads with a result, which the invocation leaves out. Each event advances time
 * by {@link #STEP_NANOS}.
 */
public final class HistoryBuilder {
    public static final long STEP_NANOS = 1_000;

    /** An invocation waiting for its completion; {@code completed} is the OK value. */
    public record Pending(int process, String f, Object completed, long index) {}

    private final List<Op> ops = new ArrayList<>();
    private long time;

    public Pending invoke(int process, String f, Object value) {
        return invoke(process, f, value, value);
    }

    private Pending invoke(int process, String f, Object invoked, Object completed) {
        long index = ops.size();
        ops.add(Op.invoke(index, tick(), process, f, invoked));
        return new Pending(process, f, completed, index);
    }

    /** Invokes a transaction written in the micro-op notation; the invocation omits read results. */
    public Pending txn(int process, String mops) {
        List<Mop> completed = mops(mops);
        List<Mop> invoked = new ArrayList<>();
        for (Mop mop : completed) {
            invoked.add(mop.isRead() ? Mop.read(mop.key()) : mop);
        }
        return invoke(process, "txn", invoked, completed);
    }

    /** Invokes and completes a transaction at once; returns the completion's index. */
    public long txnOk(int process, String mops) {
        return ok(txn(process, mops));
    }

    public long ok(Pending p) {
        return ok(p, p.completed());
    }

    public long ok(Pending p, Object value) {
        return add(Op.ok(ops.size(), tick(), p.process(), p.f(), value));
    }

    public long fail(Pending p) {
        return fail(p, "40001 serialization failure");
    }

    public long fail(Pending p, String error) {
        return add(Op.fail(ops.size(), tick(), p.process(), p.f(), invoked(p), error));
    }

    public long info(Pending p) {
        return add(Op.info(ops.size(), tick(), p.process(), p.f(), invoked(p), "timeout"));
    }

    /** A single nemesis event. */
    public long nemesis(String f, String value) {
        return add(Op.info(ops.size(), tick(), Op.NEMESIS, f, value, null));
    }

    /** Lets {@code nanos} pass before the next event. */
    public HistoryBuilder advance(long nanos) {
        time += nanos;
        return this;
    }

    public long timeNanos() {
        return time;
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    public History build() {
        return History.of(ops);
    }

    private Object invoked(Pending p) {
        return ops.get((int) p.index()).value();
    }

    private long add(Op op) {
        ops.add(op);
        return op.index();
    }

    private long tick() {
        time += STEP_NANOS;
        return time;
    }

    /** Parses the micro-op notation: {@code "a 1 10, r 2, r 3 [30 31]"}. */
    public static List<Mop> mops(String text) {
        List<Mop> mops = new ArrayList<>();
        for (String part : text.split(",")) {
            String s = part.trim();
            String[] words = s.split("\\s+", 3);
            if (words[0].equals("a") && words.length == 3) {
                mops.add(Mop.append(Long.parseLong(words[1]), Long.parseLong(words[2])));
            } else if (words[0].equals("r") && words.length == 2) {
                mops.add(Mop.read(Long.parseLong(words[1])));
            } else if (words[0].equals("r") && words.length == 3 && words[2].startsWith("[") && words[2].endsWith("]")) {
                List<Long> list = new ArrayList<>();
                String inner = words[2].substring(1, words[2].length() - 1).trim();
                if (!inner.isEmpty()) {
                    for (String e : inner.split("\\s+")) {
                        list.add(Long.parseLong(e));
                    }
                }
                mops.add(Mop.read(Long.parseLong(words[1]), list));
            } else {
                throw new IllegalArgumentException("not a micro-op: \"" + s + "\"");
            }
        }
        return mops;
    }
}
