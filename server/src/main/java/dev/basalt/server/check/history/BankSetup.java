package dev.basalt.server.check.history;

/**
 * The bank workload's starting state, carried by the single OK {@code "setup"} operation that
 * opens a bank history: accounts {@code 0 .. accounts - 1}, each holding {@code initialBalance}.
 */
public record BankSetup(long accounts, long initialBalance) {
    public BankSetup {
        if (accounts <= 0) {
            throw new IllegalArgumentException("accounts must be > 0, was " + accounts);
        }
        if (initialBalance < 0) {
            throw new IllegalArgumentException("initial balance must be >= 0, was " + initialBalance);
        }
    }

    /** The sum every snapshot of all accounts must show. */
    public long total() {
        return Math.multiplyExact(accounts, initialBalance);
    }
}
