package dev.basalt.server.check.workload;

import dev.basalt.server.check.analysis.Checker;
import dev.basalt.server.check.analysis.RegisterChecker;
import dev.basalt.server.check.history.Recorder;
import dev.basalt.server.check.history.RegisterOp;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Registers: single-key writes of unique values and single-key reads, each its own transaction.
 * The checker holds every read to read-after-acknowledgement: once a write was acknowledged, no
 * read that began afterwards may return a value older than it.
 */
public final class RegisterWorkload implements Workload {
    static final long TABLE = 2_200_000;
    static final int KEYS = 8;

    private final AtomicLongArray nextValue = new AtomicLongArray(KEYS);

    @Override
    public String name() {
        return "register";
    }

    private static byte[] keyOf(long k) {
        return Keys.row(TABLE, 0, k, k);
    }

    @Override
    public void setUp(TransactionManager txns, Recorder recorder, int process) {
        // nothing: registers start empty
    }

    @Override
    public boolean step(TransactionManager txns, Recorder recorder, int process, SplittableRandom random) {
        int k = random.nextInt(KEYS);
        return random.nextBoolean() ? write(txns, recorder, process, k) : read(txns, recorder, process, k);
    }

    private boolean write(TransactionManager txns, Recorder recorder, int process, int k) {
        RegisterOp op = RegisterOp.write(k, nextValue.incrementAndGet(k));
        recorder.invoke(process, RegisterChecker.WRITE, op);
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
            t.put(keyOf(k), Keys.oneLong(op.value()));
            t.commit();
        } catch (RuntimeException e) {
            return Outcomes.record(recorder, process, RegisterChecker.WRITE, op, e);
        }
        recorder.ok(process, RegisterChecker.WRITE, op);
        return true;
    }

    private boolean read(TransactionManager txns, Recorder recorder, int process, int k) {
        try {
            readOnce(txns, recorder, process, k);
        } catch (RuntimeException e) {
            // recorded as failed: a read changes nothing, so its outcome is never unknown
        }
        return true;
    }

    /** One recorded read of register {@code k}; a failure is recorded, then thrown. */
    private void readOnce(TransactionManager txns, Recorder recorder, int process, int k) {
        recorder.invoke(process, RegisterChecker.READ, RegisterOp.read(k));
        Long value;
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
            value = Keys.oneLong(t.get(keyOf(k)));
            t.commit();
        } catch (RuntimeException e) {
            recorder.fail(process, RegisterChecker.READ, RegisterOp.read(k), Outcomes.describe(e));
            throw e;
        }
        recorder.ok(process, RegisterChecker.READ, new RegisterOp(k, value));
    }

    @Override
    public void finish(TransactionManager txns, Recorder recorder, int process) {
        for (int k = 0; k < KEYS; k++) {
            int key = k;
            FinalReads.retrying(() -> readOnce(txns, recorder, process, key));
        }
    }

    @Override
    public Checker checker() {
        return new RegisterChecker();
    }
}
