package dev.basalt.txn;

/**
 * A {@link CommitObserver} that simulates the gateway dying after prewrite or after the primary
 * commit of the next transaction that reaches that point, then disarms itself.
 */
final class CrashingObserver implements CommitObserver {
    /** What a simulated crash throws; nothing in the manager catches it. */
    static final class GatewayDied extends RuntimeException {
        GatewayDied(String where) {
            super("simulated gateway crash " + where);
        }
    }

    private volatile boolean afterPrewrite;
    private volatile boolean afterPrimaryCommit;

    void crashAfterPrewrite() {
        afterPrewrite = true;
    }

    void crashAfterPrimaryCommit() {
        afterPrimaryCommit = true;
    }

    @Override
    public void afterPrewrite(Transaction txn) {
        if (afterPrewrite) {
            afterPrewrite = false;
            throw new GatewayDied("after prewrite of transaction " + txn.startTs());
        }
    }

    @Override
    public void afterPrimaryCommit(Transaction txn) {
        if (afterPrimaryCommit) {
            afterPrimaryCommit = false;
            throw new GatewayDied("after the primary commit of transaction " + txn.startTs());
        }
    }
}
