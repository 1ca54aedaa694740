package dev.basalt.server.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * Where the bank workload keeps its accounts and ledger: SQL tables through the JDBC driver
 * ({@link SqlBankStore}, what {@code bank} and {@code demo} run) or raw keys through the
 * transaction manager ({@link KvBankStore}, {@code bank --kv}). {@link BankWorkload} drives either
 * and judges the outcome the same way.
 */
interface BankStore extends AutoCloseable {
    /** An acknowledged transfer, to look up in the ledger at the end. */
    record Acked(long payer, long transferId) {
    }

    /** Why an attempt failed, and so what the workload does next. */
    enum Outcome { RETRY, UNKNOWN, FAILED }

    /** A failed attempt: {@code label} counts it in the error summary. */
    final class Failure extends Exception {
        final Outcome outcome;
        final String label;

        Failure(Outcome outcome, String label, Throwable cause) {
            super(label, cause);
            this.outcome = outcome;
            this.label = label;
        }
    }

    /** Creates the accounts with {@code balance} each, unless an earlier run left exactly {@code accounts}. */
    void setUp(int accounts, long balance, PrintStream out) throws Failure;

    /** One attempt to move {@code amount} (at most the payer's balance) and write ledger row {@code transferId}. */
    void transfer(long from, long to, long amount, long transferId) throws Failure;

    /** The sum of all balances and the number of accounts, read at one snapshot. */
    long[] snapshotTotal() throws Failure;

    /** How many of {@code acked} have no ledger row. */
    long lost(List<Acked> acked) throws Failure;

    @Override
    void close();
}
