package dev.basalt.tpcc;

import java.sql.SQLException;

/**
 * One business transaction with its inputs drawn (by the terminal, once): {@link #attempt} runs
 * its statements on the terminal's connection, in a database transaction that the terminal
 * commits or rolls back. An attempt that fails with a retryable error is run again with the same
 * inputs, so an attempt must not change the object's state in a way that a rerun would see.
 */
interface Transaction {
    /** What the terminal does after a successful attempt. */
    enum Outcome {
        COMMIT,
        /** New-Order's unused item (clause 2.4.2.3): the transaction is rolled back on purpose. */
        ROLLBACK
    }

    TxnType type();

    Outcome attempt(Statements s) throws SQLException;
}
