package dev.basalt.server.check.workload;

import dev.basalt.server.check.analysis.Checker;
import dev.basalt.server.check.history.Recorder;
import dev.basalt.txn.TransactionManager;
import java.util.SplittableRandom;

/**
 * A checker workload: what its clients do, how the run ends, and which checker judges the
 * history. Every operation is recorded as an invocation and exactly one completion: OK (it took
 * effect, with what it read), FAIL (it certainly did not: it failed before its commit, or its commit
 * failed definitely), or INFO (its commit's outcome is unknown).
 */
public interface Workload {
    /** The name in the verdict line and the history header ({@code list-append}, {@code bank}, {@code register}). */
    String name();

    /** Prepares the data the clients need (recorded as operations of {@code process} if the checker needs them). */
    void setUp(TransactionManager txns, Recorder recorder, int process);

    /**
     * Runs one operation of client {@code process}: records its invocation, runs it, records its
     * completion. Returns false when the completion was INFO: the process may not issue more
     * operations (the caller continues under a fresh process id).
     */
    boolean step(TransactionManager txns, Recorder recorder, int process, SplittableRandom random);

    /** After the faults healed: reads everything the checker needs to see the final state (as operations of {@code process}). */
    void finish(TransactionManager txns, Recorder recorder, int process);

    Checker checker();
}
