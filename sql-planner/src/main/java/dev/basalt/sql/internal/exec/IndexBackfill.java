package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.RowCodec;
import dev.basalt.sql.internal.rows.TableRows;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import java.util.Arrays;
import java.util.List;

/**
 * Fills a WRITE_ONLY index with an entry per existing row while writes continue, in batches of
 * {@link #BATCH_ROWS} rows, each its own snapshot transaction, in primary-key order.
 *
 * <p>Why this is enough: by the time it runs every writer maintains the index (the index entered
 * the catalog WRITE_ONLY a catalog lease earlier), so rows written after a batch's snapshot carry
 * their own entries. A row a writer changes after the batch read it conflicts with the batch: the
 * writer deletes or rewrites the very entry key the batch writes, so one of the two fails with
 * 40001 — a failed batch (or one whose commit outcome is unknown) is read and written again (up to {@link #BATCH_ATTEMPTS_MAX} times).
 * Under UNIQUE an entry held by another row means the table has duplicates and the build fails.
 */
public final class IndexBackfill {
    /** Rows per backfill transaction: small, so that a batch rarely meets a concurrent writer. */
    static final int BATCH_ROWS = 128;
    /** A batch that keeps conflicting with writers is tried this many times before the build fails. */
    static final int BATCH_ATTEMPTS_MAX = 50;
    /** The pause before a batch's next attempt grows by this much per attempt, up to {@link #BACKOFF_MS_MAX}. */
    static final long BACKOFF_MS_STEP = 5;
    static final long BACKOFF_MS_MAX = 250;

    private IndexBackfill() {
    }

    public static void run(TransactionManager txns, TableDef table, TableDef.IndexDef index) {
        byte[] from = TableRows.start(table);
        byte[] end = TableRows.end(table);
        while (from != null) {
            from = batch(txns, table, index, from, end);
        }
    }

    /** Fills the entries of up to {@link #BATCH_ROWS} rows from {@code from}; returns where the next batch starts, or null. */
    private static byte[] batch(TransactionManager txns, TableDef table, TableDef.IndexDef index, byte[] from, byte[] end) {
        for (int attempt = 1; ; attempt++) {
            try (Transaction txn = txns.begin(IsolationLevel.SNAPSHOT, false)) {
                List<KeyValue> rows = txn.scan(from, end, BATCH_ROWS);
                for (KeyValue kv : rows) {
                    fill(txn, table, index, kv);
                }
                txn.commit();
                return rows.size() < BATCH_ROWS ? null : Arrays.copyOf(rows.get(rows.size() - 1).key(), rows.get(rows.size() - 1).key().length + 1);
            } catch (BasaltException e) {
                // A batch is idempotent: after a conflict, or a commit whose outcome is unknown, it runs again.
                boolean again = e.code().transactionRetryable() || e.code().outcomeUnknown();
                if (!again) {
                    throw e;
                }
                if (attempt >= BATCH_ATTEMPTS_MAX) {
                    throw new BasaltException(e.code(), "could not build index \"" + index.name() + "\" on table \"" + table.name()
                            + "\": writers conflicted with " + BATCH_ATTEMPTS_MAX + " attempts in a row to fill one batch (" + e.getMessage()
                            + "); try again when the table is less busy", e);
                }
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        long ms = Math.min(BACKOFF_MS_MAX, attempt * BACKOFF_MS_STEP);
        try {
            Thread.sleep(ms + java.util.concurrent.ThreadLocalRandom.current().nextLong(ms + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BasaltException(ErrorCode.QUERY_CANCELED, "index build interrupted");
        }
    }

    private static void fill(Transaction txn, TableDef table, TableDef.IndexDef index, KeyValue kv) {
        Object[] row = RowCodec.decode(table, kv.value());
        byte[] entry = TableRows.indexKey(table, index, row, kv.key());
        if (entry == null) {
            return;
        }
        if (index.unique()) {
            byte[] holder = txn.get(entry);
            if (holder != null && !Arrays.equals(holder, kv.key())) {
                throw new BasaltException(ErrorCode.UNIQUE_VIOLATION, "could not create unique index \"" + index.name()
                        + "\": table \"" + table.name() + "\" has duplicate values in its columns");
            }
            txn.put(entry, kv.key());
        } else {
            txn.put(entry, new byte[0]);
        }
    }
}
