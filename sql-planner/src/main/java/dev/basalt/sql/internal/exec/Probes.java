package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.internal.calcite.ExecContext;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.runtime.Bindable;

/**
 * What the operators of one EXPLAIN ANALYZE execution did: per probe (one per measured operator,
 * numbered from 0 by {@link ProbeRel}), the rows it produced, how often it was started (a nested
 * loop restarts its inner side once per outer row) and the wall time spent inside it.
 *
 * <p>The time is <b>inclusive</b>: it is the time the operator's consumer spent waiting in its
 * {@code enumerator()}, {@code moveNext()} and {@code close()} calls, and an operator pulls its
 * inputs inside those calls, so the inputs' time is part of it (as in PostgreSQL). Work the
 * compiled plan does when it is bound, before any row is asked for, belongs to no operator; it is
 * reported as start-up time ({@link #bind}). One execution runs on one thread: the counters are plain.
 */
public final class Probes {
    private final long[] rows;
    private final long[] loops;
    private final long[] nanos;
    /** Time spent binding compiled plans to the execution, before any operator runs. */
    private long startupNanos;

    Probes(int count) {
        rows = new long[count];
        loops = new long[count];
        nanos = new long[count];
    }

    long rows(int probe) {
        return rows[probe];
    }

    long loops(int probe) {
        return loops[probe];
    }

    long nanos(int probe) {
        return nanos[probe];
    }

    long startupNanos() {
        return startupNanos;
    }

    /**
     * {@code plan} bound to the execution {@code ctx}; under EXPLAIN ANALYZE the time it takes is
     * the plan's start-up (Calcite builds the interpreter of a filtered scan here).
     */
    static Enumerable<?> bind(Bindable<?> plan, ExecContext ctx) {
        if (!(ctx.get(ExecContext.KEY_PROBES) instanceof Probes probes)) {
            return plan.bind(ctx);
        }
        long start = System.nanoTime();
        try {
            return plan.bind(ctx);
        } finally {
            probes.startupNanos += System.nanoTime() - start;
        }
    }

    /** Adds a measurement taken outside the compiled plan (a DML write phase, a FOR UPDATE lock phase). */
    void record(int probe, long producedRows, long elapsedNanos) {
        rows[probe] += producedRows;
        loops[probe]++;
        nanos[probe] += elapsedNanos;
    }

    /**
     * Called by the code Calcite generates for a {@link ProbeRel}: {@code input} counted and timed
     * as probe {@code probe} of the execution whose context is {@code root}.
     */
    public static <T> Enumerable<T> wrap(Enumerable<T> input, DataContext root, int probe) {
        Object probes = root.get(ExecContext.KEY_PROBES);
        if (!(probes instanceof Probes p)) {
            // A plan with probes is only made for EXPLAIN ANALYZE, which always supplies them.
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "an EXPLAIN ANALYZE plan ran without its probes");
        }
        return p.measured(input, probe);
    }

    private <T> Enumerable<T> measured(Enumerable<T> input, int probe) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<T> enumerator() {
                long start = System.nanoTime();
                Enumerator<T> inner = input.enumerator();
                loops[probe]++;
                nanos[probe] += System.nanoTime() - start;
                return new Counted<>(inner, probe);
            }
        };
    }

    private final class Counted<T> implements Enumerator<T> {
        private final Enumerator<T> inner;
        private final int probe;

        Counted(Enumerator<T> inner, int probe) {
            this.inner = inner;
            this.probe = probe;
        }

        @Override
        public T current() {
            return inner.current();
        }

        @Override
        public boolean moveNext() {
            long start = System.nanoTime();
            try {
                boolean moved = inner.moveNext();
                if (moved) {
                    rows[probe]++;
                }
                return moved;
            } finally {
                nanos[probe] += System.nanoTime() - start;
            }
        }

        @Override
        public void reset() {
            long start = System.nanoTime();
            try {
                inner.reset();
                loops[probe]++;
            } finally {
                nanos[probe] += System.nanoTime() - start;
            }
        }

        @Override
        public void close() {
            long start = System.nanoTime();
            try {
                inner.close();
            } finally {
                nanos[probe] += System.nanoTime() - start;
            }
        }
    }
}
