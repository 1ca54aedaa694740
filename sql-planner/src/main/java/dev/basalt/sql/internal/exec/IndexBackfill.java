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
import java.util.Iterator;

/**
 * Fills a new secondary index with an entry per existing row, in one transaction. The index is in
 * the catalog before this runs, so writers that already see it maintain it themselves; a row
 * written by a node that had not yet seen the new catalog can be missed (the index is not built
 * online yet: build indexes before heavy writing, or on a quiet table).
 */
public final class IndexBackfill {
    /** An index is built in one transaction over at most this many rows. */
    static final int ROWS_MAX = 1_000_000;

    private IndexBackfill() {
    }

    public static void run(TransactionManager txns, TableDef table, TableDef.IndexDef index) {
        try (Transaction txn = txns.begin(IsolationLevel.SNAPSHOT, false)) {
            Iterator<KeyValue> rows = TableRows.scanKeys(txn, table);
            long count = 0;
            while (rows.hasNext()) {
                if (++count > ROWS_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_STATEMENT, "table \"" + table.name() + "\" has more than " + ROWS_MAX
                            + " rows; CREATE INDEX cannot build an index over it yet");
                }
                KeyValue kv = rows.next();
                Object[] row = RowCodec.decode(table, kv.value());
                byte[] entry = TableRows.indexKey(table, index, row, kv.key());
                if (entry == null) {
                    continue;
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
            txn.commit();
        }
    }
}
