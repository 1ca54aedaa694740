package dev.basalt.server.check.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.HistoryBuilder;
import dev.basalt.server.check.history.Op;
import dev.basalt.server.check.history.RegisterOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegisterCheckerTest {
    private final HistoryBuilder h = new HistoryBuilder();

    private HistoryBuilder.Pending write(int process, long key, long value) {
        return h.invoke(process, "write", RegisterOp.write(key, value));
    }

    private HistoryBuilder.Pending read(int process, long key) {
        return h.invoke(process, "read", RegisterOp.read(key));
    }

    private long returns(HistoryBuilder.Pending read, Long value) {
        return h.ok(read, new RegisterOp(((RegisterOp) read.completed()).key(), value));
    }

    private Verdict check() {
        return new RegisterChecker().check(h.build());
    }

    private static void assertOnly(String anomaly, Verdict verdict) {
        assertEquals(Set.of(anomaly), verdict.anomalies().keySet(), verdict.summary());
        assertFalse(verdict.valid());
    }

    @Test
    void concurrentReadsMayReturnEitherSideOfAWriteAndUnknownWritesMayAppearLate() {
        var w1 = write(0, 1, 1);
        returns(read(1, 1), null); // concurrent with w1
        h.ok(w1);
        returns(read(1, 1), 1L);
        h.info(write(2, 1, 2)); // unknown: may take effect any time
        returns(read(1, 1), 1L);
        returns(read(1, 1), 2L);
        h.fail(write(3, 1, 3)); // never read
        var w4 = write(4, 1, 4);
        var r = read(1, 1);
        h.ok(w4);
        returns(r, 2L); // w4 had not completed when r began
        returns(read(1, 2), null); // nothing was ever written to k2
        Verdict verdict = check();
        assertTrue(verdict.valid(), verdict.summary());
        assertEquals(0, verdict.lost());
    }

    @Test
    void readingAValueOverwrittenBeforeTheReadBeganIsStale() {
        long w1 = h.ok(write(0, 1, 1));
        h.ok(write(0, 1, 2));
        var r = read(1, 1);
        returns(r, 1L);
        Verdict verdict = check();
        assertOnly("stale-read", verdict);
        assertEquals(List.of("k1: read (ops 4-5) returned 1, written (ops 0-" + w1 + "), but the write of 2 (ops 2-3) began after that and completed "
                + "before the read began"), verdict.anomalies().get("stale-read"));
    }

    @Test
    void readingNothingAfterAnAcknowledgedWriteIsStale() {
        h.ok(write(0, 1, 1));
        returns(read(1, 1), null);
        assertOnly("stale-read", check());
    }

    @Test
    void readingAValueNoWriteWroteIsGarbage() {
        returns(read(1, 1), 99L);
        assertOnly("garbage-read", check());
    }

    @Test
    void readingTheValueOfAFailedWriteIsAbortedRead() {
        h.fail(write(0, 1, 5));
        returns(read(1, 1), 5L);
        assertOnly("aborted-read", check());
    }

    @Test
    void readingAValueWhoseWriteBeganAfterTheReadEndedIsFutureRead() {
        returns(read(1, 1), 7L);
        h.ok(write(0, 1, 7));
        assertOnly("future-read", check());
    }

    @Test
    void aGeneratedLinearizableHistoryOfAHundredThousandOpsIsValid() {
        History history = linearizableRegisters(3, 100_000, 10);
        Verdict verdict = new RegisterChecker().check(history);
        assertTrue(verdict.valid(), verdict.summary());
    }

    /** Clients on 8 registers; each op takes effect atomically between invocation and completion. */
    private static History linearizableRegisters(long seed, int operations, int clients) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> ops = new ArrayList<>();
        Map<Long, Long> registers = new HashMap<>();
        RegisterOp[] pending = new RegisterOp[clients];
        RegisterOp[] applied = new RegisterOp[clients];
        long nextValue = 1;
        long time = 0;
        int invoked = 0;
        int open = 0;
        while (invoked < operations || open > 0) {
            int c = random.nextInt(clients);
            time += 1 + random.nextInt(100);
            if (pending[c] == null) {
                if (invoked == operations) {
                    continue;
                }
                long key = random.nextInt(8);
                pending[c] = random.nextBoolean() ? RegisterOp.write(key, nextValue++) : RegisterOp.read(key);
                String f = pending[c].value() == null ? "read" : "write";
                ops.add(Op.invoke(ops.size(), time, c, f, pending[c]));
                invoked++;
                open++;
            } else if (applied[c] == null) {
                RegisterOp op = pending[c];
                if (op.value() != null) {
                    registers.put(op.key(), op.value());
                    applied[c] = op;
                } else {
                    applied[c] = new RegisterOp(op.key(), registers.get(op.key()));
                }
            } else {
                String f = pending[c].value() == null ? "read" : "write";
                ops.add(Op.ok(ops.size(), time, c, f, applied[c]));
                pending[c] = null;
                applied[c] = null;
                open--;
            }
        }
        return History.of(ops);
    }
}
