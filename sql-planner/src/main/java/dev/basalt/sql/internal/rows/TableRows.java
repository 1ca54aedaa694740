package dev.basalt.sql.internal.rows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.StorageKey;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.txn.Transaction;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
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
        return StorageKey.of(table.tableId(), PRIMARY_INDEX, primarySlot(table, row), keyColumns(table, table.primaryKey(), row, false));
    }

    /** The slot of a row (of a table with a primary key): the hash of its distribution columns. */
    public static int primarySlot(TableDef table, Object[] row) {
        return SlotHash.slotOf(keyColumns(table, table.distribution(), row, false));
    }

    /**
     * The slot of the entries in {@code index} whose leading column is {@code lead}: the row's slot
     * for a local index (one that leads with the table's single distribution column), else the hash
     * of the leading value.
     */
    public static int indexSlot(TableDef table, TableDef.IndexDef index, Object lead) {
        int leading = index.columns().get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        if (table.distribution().size() == 1 && table.distribution().get(0) == leading) {
            KeyCodec.write(bytes, table.column(leading).type(), lead);
        } else {
            KeyCodec.writeNullable(bytes, table.column(leading).type(), lead);
        }
        return SlotHash.slotOf(bytes.toByteArray());
    }

    /** The key encoding of {@code row}'s values in {@code columns}, in order ({@code nullable}: index style). */
    public static byte[] keyColumns(TableDef table, List<Integer> columns, Object[] row, boolean nullable) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        for (int position : columns) {
            if (nullable) {
                KeyCodec.writeNullable(out, table.column(position).type(), row[position]);
            } else {
                KeyCodec.write(out, table.column(position).type(), row[position]);
            }
        }
        return out.toByteArray();
    }

    /** The storage key of the row an entry of {@code index} points at. */
    public static byte[] primaryKeyOfEntry(TableDef table, TableDef.IndexDef index, KeyValue entry) {
        if (index.unique()) {
            return entry.value();
        }
        byte[] key = entry.key();
        int offset = StorageKey.PREFIX_BYTES;
        for (int position : index.columns()) {
            offset = KeyCodec.skipNullable(key, offset, table.column(position).type());
        }
        return Arrays.copyOfRange(key, offset, key.length);
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
        int leading = index.columns().get(0);
        boolean local = table.distribution().size() == 1 && table.distribution().get(0) == leading;
        int slot = local ? StorageKey.slot(primaryKey) : indexSlot(table, index, row[leading]);
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
        return scanSpans(txn, table, wholeTable(table), null);
    }

    /** The one span of every row of {@code table}. */
    public static List<byte[][]> wholeTable(TableDef table) {
        return List.<byte[][]>of(new byte[][] {start(table), end(table)});
    }

    /**
     * The rows of {@code table}'s primary index in each span {@code [start, end)} (in span order,
     * then key order), fetched {@link #SCAN_PAGE_ROWS} at a time. {@code filter}: a
     * {@link RowFilter} program the ranges apply (null: none); rows it shortens decode with NULL
     * in the columns it left out.
     */
    public static Enumerator<Object[]> scanSpans(Transaction txn, TableDef table, List<byte[][]> spans, byte[] filter) {
        return new RowEnumerator(() -> new SpanIterator(txn, spans, filter, false), entries -> {
            List<Object[]> rows = new ArrayList<>(entries.size());
            entries.forEach(kv -> rows.add(RowCodec.decode(table, kv.value())));
            return rows;
        });
    }

    /**
     * The rows the entries of {@code index} in each span point at: a page of entries, then one
     * multi-get of their rows.
     */
    public static Enumerator<Object[]> scanIndexSpans(Transaction txn, TableDef table, TableDef.IndexDef index, List<byte[][]> spans) {
        return new RowEnumerator(() -> new SpanIterator(txn, spans, null, false), entries -> {
            List<byte[]> keys = new ArrayList<>(entries.size());
            entries.forEach(kv -> keys.add(primaryKeyOfEntry(table, index, kv)));
            List<Object[]> rows = new ArrayList<>(keys.size());
            for (byte[] value : txn.getAll(keys)) {
                if (value != null) {
                    rows.add(RowCodec.decode(table, value));
                }
            }
            return rows;
        });
    }

    /** Like {@link #scan}, but each element is {@code [key bytes, row]} (UPDATE and DELETE need keys). */
    public static Iterator<KeyValue> scanKeys(Transaction txn, TableDef table) {
        return new SpanIterator(txn, wholeTable(table), null, false);
    }

    /**
     * Like {@link #scanKeys}, but what is committed now rather than at the transaction's snapshot
     * ({@link Transaction#openLatestScan}): for foreign-key checks of a locked parent's children.
     */
    public static Iterator<KeyValue> scanKeysLatest(Transaction txn, TableDef table) {
        return new SpanIterator(txn, wholeTable(table), null, true);
    }

    /**
     * The first key after every key that starts with {@code prefix} (a storage key prefix), kept
     * inside {@code prefix}'s table and index: past the index's last slot it is the index's end.
     */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= StorageKey.PREFIX_BYTES - 2; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, Math.max(i + 1, StorageKey.PREFIX_BYTES));
            }
        }
        return StorageKey.indexEnd(StorageKey.tableId(prefix), StorageKey.indexId(prefix));
    }

    /** The key-value pairs of a list of spans, one open scan per span, read a page of {@link #SCAN_PAGE_ROWS} at a time. */
    private static final class SpanIterator implements Iterator<KeyValue> {
        private final Transaction txn;
        private final Iterator<byte[][]> spans;
        private final byte[] filter;
        private final boolean latest;
        private Transaction.KeyScan scan;
        private List<KeyValue> page = List.of();
        private int index;
        private boolean exhausted = true;

        SpanIterator(Transaction txn, List<byte[][]> spans, byte[] filter, boolean latest) {
            this.txn = txn;
            this.spans = spans.iterator();
            this.filter = filter;
            this.latest = latest;
        }

        @Override
        public boolean hasNext() {
            while (index >= page.size()) {
                if (exhausted) {
                    if (!spans.hasNext()) {
                        return false;
                    }
                    byte[][] span = spans.next();
                    scan = latest ? txn.openLatestScan(span[0], span[1])
                            : txn.openScan(span[0], span[1], filter == null ? RangeRequest.Scan.NO_FILTER : RowFilter.KIND, filter);
                    exhausted = false;
                }
                page = scan.next(SCAN_PAGE_ROWS);
                index = 0;
                exhausted = page.size() < SCAN_PAGE_ROWS;
            }
            return true;
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return page.get(index++);
        }

        /** The rest of the current page (at least one entry when {@link #hasNext}). */
        List<KeyValue> takePage() {
            hasNext();
            List<KeyValue> rest = page.subList(index, page.size());
            index = page.size();
            return rest;
        }
    }

    /** Rows made from pages of key-value pairs by {@code decode}, one page in memory at a time. */
    private static final class RowEnumerator implements Enumerator<Object[]> {
        private final java.util.function.Supplier<SpanIterator> open;
        private final java.util.function.Function<List<KeyValue>, List<Object[]>> decode;
        private SpanIterator entries;
        private List<Object[]> rows = List.of();
        private int index;
        private Object[] current;

        RowEnumerator(java.util.function.Supplier<SpanIterator> open, java.util.function.Function<List<KeyValue>, List<Object[]>> decode) {
            this.open = open;
            this.decode = decode;
            this.entries = open.get();
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            while (index >= rows.size()) {
                if (!entries.hasNext()) {
                    current = null;
                    return false;
                }
                rows = decode.apply(entries.takePage());
                index = 0;
            }
            current = rows.get(index++);
            return true;
        }

        @Override
        public void reset() {
            entries = open.get();
            rows = List.of();
            index = 0;
            current = null;
        }

        @Override
        public void close() {
        }
    }
}
