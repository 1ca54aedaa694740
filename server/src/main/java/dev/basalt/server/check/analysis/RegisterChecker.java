package dev.basalt.server.check.analysis;

import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.Operation;
import dev.basalt.server.check.history.RegisterOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks registers for reads after acknowledgement: a cheap, sound subset of linearizability.
 *
 * <p>Writes are identified by their value, unique per key. A read must return a value some write
 * wrote (else garbage-read), not one of a failed write (aborted-read), and not one the read could
 * not have seen yet: the write must have begun before the read ended (else future-read). And it
 * must not be stale: <b>if an OK write w' completed before read r began, r may not return null,
 * nor the value of a write w that completed before w' began</b> - w is then overwritten for good
 * before r starts:
 * <pre>
 *   w   [--write 7--]
 *   w'                  [--write 9--]
 *   r                                    [--read--] -> 7   stale
 * </pre>
 * Per key, OK writes are sorted by completion with a running maximum of their invocation index,
 * so each read is one binary search: O((reads + writes) log writes).
 *
 * <p>Lost writes are not counted separately ({@code lost} is always 0): a final read that misses
 * an acknowledged write returns either null or an older value, which is already a stale read.
 */
public final class RegisterChecker implements Checker {
    /** The functions of register operations; both carry a {@link RegisterOp}. */
    public static final String WRITE = "write";

    public static final String READ = "read";

    /** One key's OK writes by completion, with the latest-invoked among each prefix. */
    private static final class KeyWrites {
        final Map<Long, Operation> byValue = new HashMap<>();
        final List<Operation> ok = new ArrayList<>();
        long[] completions;
        /** latestInvoked[i]: among ok[0..i], the one invoked last */
        int[] latestInvoked;

        void index() {
            ok.sort(Comparator.comparingLong(Operation::completionIndex));
            completions = new long[ok.size()];
            latestInvoked = new int[ok.size()];
            for (int i = 0; i < ok.size(); i++) {
                completions[i] = ok.get(i).completionIndex();
                int best = i == 0 ? 0 : latestInvoked[i - 1];
                latestInvoked[i] = ok.get(i).invokeIndex() > ok.get(best).invokeIndex() ? i : best;
            }
        }

        /** The OK write invoked last among those that completed before {@code index}, or null. */
        Operation latestInvokedCompletedBefore(long index) {
            int count = Arrays.binarySearch(completions, index);
            count = count >= 0 ? count : -count - 1; // completions are distinct op indexes
            return count == 0 ? null : ok.get(latestInvoked[count - 1]);
        }
    }

    /** A key nobody wrote: every read of it must return null. Never modified. */
    private static final KeyWrites NO_WRITES = new KeyWrites();

    static {
        NO_WRITES.index();
    }

    @Override
    public Verdict check(History history) {
        Findings findings = new Findings();
        Map<Long, KeyWrites> keys = new TreeMap<>();
        for (Operation write : history.operations(WRITE)) {
            RegisterOp value = registerOp(write);
            if (value.value() == null) {
                throw new IllegalArgumentException("op " + write.invokeIndex() + ": a write must carry a value");
            }
            KeyWrites kw = keys.computeIfAbsent(value.key(), k -> new KeyWrites());
            Operation earlier = kw.byValue.putIfAbsent(value.value(), write);
            if (earlier != null) {
                findings.note("generator bug: k" + value.key() + " value " + value.value() + " written twice (ops " + earlier.invokeIndex()
                        + " and " + write.invokeIndex() + "); the first is taken as its writer");
            }
            if (write.isOk()) {
                kw.ok.add(write);
            }
        }
        keys.values().forEach(KeyWrites::index);
        long reads = 0;
        for (Operation read : history.operations(READ)) {
            if (!read.isOk()) {
                continue;
            }
            reads++;
            RegisterOp result = registerOp(read);
            checkRead(findings, read, result, keys.getOrDefault(result.key(), NO_WRITES));
        }
        findings.note(reads + " OK reads of " + keys.size() + " keys checked; lost writes show up as stale reads");
        return findings.verdict();
    }

    private static void checkRead(Findings findings, Operation read, RegisterOp result, KeyWrites kw) {
        String r = "k" + result.key() + ": read " + span(read) + " returned " + result.value();
        Operation latest = kw.latestInvokedCompletedBefore(read.invokeIndex());
        if (result.value() == null) {
            if (latest != null) {
                findings.anomaly("stale-read", () -> r + ", but the write of " + registerOp(latest).value() + " " + span(latest) + " completed before it began");
            }
            return;
        }
        Operation write = kw.byValue.get(result.value());
        if (write == null) {
            findings.anomaly("garbage-read", () -> r + ", which no write wrote");
            return;
        }
        if (write.isFailed()) {
            findings.anomaly("aborted-read", () -> r + ", written by " + span(write) + ", which failed");
            return;
        }
        if (write.invokeIndex() > read.completionIndex()) {
            findings.anomaly("future-read", () -> r + ", written by " + span(write) + ", which began after the read ended");
            return;
        }
        if (latest != null && latest.invokeIndex() > write.completionIndex()) {
            findings.anomaly("stale-read", () -> r + ", written " + span(write) + ", but the write of " + registerOp(latest).value() + " "
                    + span(latest) + " began after that and completed before the read began");
        }
    }

    private static RegisterOp registerOp(Operation op) {
        if (!(op.value() instanceof RegisterOp value)) {
            throw new IllegalArgumentException("op " + op.invokeIndex() + ": a register " + op.f() + " must carry a RegisterOp, was " + op.value());
        }
        return value;
    }

    /** "(ops 20-22)", or "(op 20, never completed)". */
    private static String span(Operation op) {
        return op.completion() == null ? "(op " + op.invokeIndex() + ", never completed)" : "(ops " + op.invokeIndex() + "-" + op.completionIndex() + ")";
    }
}
