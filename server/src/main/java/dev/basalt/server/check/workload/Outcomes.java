package dev.basalt.server.check.workload;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.server.check.history.Recorder;

/**
 * How a workload records the end of an operation that threw: INFO (it may have taken effect)
 * when its commit's outcome is unknown or the failure is unexpected, FAIL (it certainly did not)
 * otherwise. A transaction's writes are buffered until commit, so any failure before the commit
 * call is a FAIL; a failure of the commit itself is a FAIL only when the transaction layer says the
 * transaction did not commit.
 */
final class Outcomes {
    private Outcomes() {
    }

    /** Whether a failure leaves the operation's effect unknown. */
    static boolean unknown(RuntimeException e) {
        if (!(e instanceof BasaltException be)) {
            return true; // a bug or an unexpected failure: do not claim anything
        }
        return be.code() == ErrorCode.COMMIT_OUTCOME_UNKNOWN || be.code() == ErrorCode.INTERNAL_ERROR;
    }

    static String describe(RuntimeException e) {
        return e instanceof BasaltException be ? be.sqlState() + " " + be.getMessage() : e.toString();
    }

    /** Records the completion of a failed operation; returns false if it was INFO (the process is done). */
    static boolean record(Recorder recorder, int process, String f, Object value, RuntimeException e) {
        if (unknown(e)) {
            recorder.info(process, f, value, describe(e));
            return false;
        }
        recorder.fail(process, f, value, describe(e));
        return true;
    }
}
