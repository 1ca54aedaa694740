/**
 * Transactions across ranges (DESIGN.md section 4).
 *
 * <p>This module will hold the gateway side of transactions: write buffering with
 * read-your-writes, one-phase commit when the write set lies in one range and two-phase commit
 * with a primary key otherwise, lock resolution through the primary, lock-wait bounds, deadlock
 * breaking and isolation levels. The per-range operations it builds on (prewrite, commit,
 * rollback, one-phase commit, lock-for-update, transaction status, lock resolution) are already
 * provided by {@code dev.basalt.range}. It is built by the transactions issue.
 */
package dev.basalt.txn;
