package dev.basalt.sql.internal.rows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.range.StorageKey;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.txn.Transaction;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A table's rows in the key-value store: the storage key of a row (DESIGN.md section 2:
 * {@code [tableId][index 0][slot][primary-key columns]}) and scans of every row a transaction sees.
 */
public final class TableRows {
    /** The primary index's id in storage keys; secondary indexes count up from 1. */
    public static final int PRIMARY_INDEX = 0;
    /** Rows a scan fetches per request to the store. */
    static final int SCAN_PAGE_ROWS = 1_000;

    private TableRows() {
    }

    /** The storage key of {@code row} (a row of a table with a declared primary key). */
    public static byte[] keyOf(TableDef table, Object[] row) {
        if (table.hiddenRowId()) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "table " + table.name() + " has no primary key; its rows are keyed by row id");
        }
        ByteArrayOutputStream distribution = new ByteArrayOutputStream(16);
        for (int position : table.distribution()) {
            KeyCodec.write(distribution, table.column(position).type(), row[position]);
        }
        ByteArrayOutputStream key = new ByteArrayOutputStream(32);
        for (int position : table.primaryKey()) {
            KeyCodec.write(key, table.column(position).type(), row[position]);
        }
        return StorageKey.of(table.tableId(), PRIMARY_INDEX, SlotHash.slotOf(distribution.toByteArray()), key.toByteArray());
    }

    /**
     * The storage key of {@code row}'s entry in secondary index {@code index}:
     * {@code [tableId][indexId][slot][index columns]} for a unique index (so two rows with equal
     * values meet on one key), with the row's primary storage key appended for a non-unique one.
     * An index is local when it leads with the table's (single) distribution column: its entries
     * take the row's slot and stay in the row's range. Otherwise its slot is the hash of the
     * leading column's value. Returns null for a unique index when a column is NULL (NULLs never
     * conflict, as in PostgreSQL, and such rows have no entry).
     */
    public static byte[] indexKey(TableDef table, TableDef.IndexDef index, Object[] row, byte[] primaryKey) {
        ByteArrayOutputStream columns = new ByteArrayOutputStream(32);
        for (int position : index.columns()) {
            if (row[position] == null && index.unique()) {
                return null;
            }
            KeyCodec.writeNullable(columns, table.column(position).type(), row[position]);
        }
        int slot;
        int leading = index.columns().get(0);
        if (table.distribution().size() == 1 && table.distribution().get(0) == leading) {
            slot = StorageKey.slot(primaryKey);
        } else {
            ByteArrayOutputStream lead = new ByteArrayOutputStream(16);
            KeyCodec.writeNullable(lead, table.column(leading).type(), row[leading]);
            slot = SlotHash.slotOf(lead.toByteArray());
        }
        if (!index.unique()) {
            columns.writeBytes(primaryKey);
        }
        return StorageKey.of(table.tableId(), index.indexId(), slot, columns.toByteArray());
    }

    /** A fresh key for a row of a table without a primary key: a random row id, hashed to its slot. */
    public static byte[] newRowIdKey(TableDef table) {
        byte[] rowId = new byte[16];
        ThreadLocalRandom.current().nextBytes(rowId);
        return StorageKey.of(table.tableId(), PRIMARY_INDEX, SlotHash.slotOf(rowId), rowId);
    }

    public static byte[] start(TableDef table) {
        return StorageKey.prefix(table.tableId(), PRIMARY_INDEX, 0);
    }

    public static byte[] end(TableDef table) {
        return StorageKey.indexEnd(table.tableId(), PRIMARY_INDEX);
    }

    /** The row of {@code table} whose primary-key columns are those of {@code keyRow}, or null. */
    public static Object[] get(Transaction txn, TableDef table, Object[] keyRow) {
        byte[] value = txn.get(keyOf(table, keyRow));
        return value == null ? null : RowCodec.decode(table, value);
    }

    /** Every row of {@code table} the transaction sees, fetched {@link #SCAN_PAGE_ROWS} at a time. */
    public static Enumerator<Object[]> scan(Transaction txn, TableDef table) {
        return new RowEnumerator(txn, table, false);
    }

    /** Like {@link #scan}, but each element is {@code [key bytes, row]} (UPDATE and DELETE need keys). */
    public static Iterator<KeyValue> scanKeys(Transaction txn, TableDef table) {
        return new KeyValueIterator(txn, table);
    }

    /** The smallest key after {@code key}. */
    static byte[] successor(byte[] key) {
        byte[] next = Arrays.copyOf(key, key.length + 1);
        return next;
    }

    private static final class KeyValueIterator implements Iterator<KeyValue> {
        private final Transaction txn;
        private final byte[] end;
        private byte[] next;
        private List<KeyValue> page = List.of();
        private int index;
        private boolean exhausted;

        KeyValueIterator(Transaction txn, TableDef table) {
            this.txn = txn;
            this.next = start(table);
            this.end = end(table);
        }

        @Override
        public boolean hasNext() {
            if (index < page.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            page = txn.scan(next, end, SCAN_PAGE_ROWS);
            index = 0;
            if (page.size() < SCAN_PAGE_ROWS) {
                exhausted = true;
            } else {
                next = successor(page.get(page.size() - 1).key());
            }
            return !page.isEmpty();
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return page.get(index++);
        }
    }

    private static final class RowEnumerator implements Enumerator<Object[]> {
        private final Transaction txn;
        private final TableDef table;
        private KeyValueIterator rows;
        private Object[] current;

        RowEnumerator(Transaction txn, TableDef table, boolean unused) {
            this.txn = txn;
            this.table = table;
            this.rows = new KeyValueIterator(txn, table);
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            if (!rows.hasNext()) {
                current = null;
                return false;
            }
            current = RowCodec.decode(table, rows.next().value());
            return true;
        }

        @Override
        public void reset() {
            rows = new KeyValueIterator(txn, table);
            current = null;
        }

        @Override
        public void close() {
        }
    }
}
