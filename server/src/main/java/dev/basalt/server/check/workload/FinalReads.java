package dev.basalt.server.check.workload;

import dev.basalt.common.BasaltException;
import java.util.concurrent.TimeUnit;

/** The final reads after the faults healed: retried while the cluster settles, within a bound. */
final class FinalReads {
    /** A final read is tried at most this many times... */
    static final int ATTEMPTS_MAX = 30;
    /** ...this far apart. */
    static final long PAUSE_MS = 1_000;

    private FinalReads() {
    }

    static void retrying(Runnable read) {
        for (int attempt = 1; ; attempt++) {
            try {
                read.run();
                return;
            } catch (BasaltException e) {
                if (!e.code().transactionRetryable() || attempt == ATTEMPTS_MAX) {
                    throw e;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(PAUSE_MS); // the cluster is still settling after the faults
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
