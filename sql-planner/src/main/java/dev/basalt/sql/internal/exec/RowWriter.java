package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.RowCodec;
import dev.basalt.sql.internal.rows.TableRows;
import dev.basalt.sql.internal.rows.ValueRules;
import dev.basalt.txn.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;

/**
 * Writes rows into a transaction's buffer with everything that goes with a row: the value checks
 * ({@link ValueRules}), the primary key's uniqueness, the entries of the table's secondary
 * indexes (unique ones checked), and its foreign keys — a child's parent must exist, and a
 * deleted parent's children are refused (RESTRICT), deleted (CASCADE) or cut loose (SET NULL).
 *
 * <p>Both sides of a foreign key lock the parent row, so that a child and the removal of its parent
 * cannot both commit under snapshot isolation:
 * <ul>
 *   <li>a child's writer (an insert, or an update that changes the foreign key: one that keeps
 *       it names a parent checked before and found by the remover's scan) reads that the parent
 *       exists in its snapshot and <em>holds the parent shared</em> ({@link Transaction#holdShared}):
 *       once the child's row is locked at commit, the parent must still exist and nobody else may
 *       hold it locked for update or deletion. Children of one parent do not wait for each
 *       other, and updates of the parent go on;</li>
 *   <li>a parent's remover locks the parent for update, then looks for children in what is
 *       committed <em>now</em> ({@link TableRows#scanKeysLatest}), not in its snapshot: a child
 *       whose commit checked the parent before the lock has its row locked already, so the scan
 *       waits for that commit and finds the child; a child checking after the lock meets it.</li>
 * </ul>
 * Children are found by scanning the child table (foreign keys have no index yet), so deleting a
 * row that other tables may reference costs a pass over each referencing table per statement.
 */
final class RowWriter {
    /** Cascading deletes go at most this deep (a cycle of ON DELETE CASCADE references ends here). */
    static final int CASCADE_DEPTH_MAX = 16;

    private final Transaction txn;
    private final Catalog catalog;

    RowWriter(Transaction txn, Catalog catalog) {
        this.txn = txn;
        this.catalog = catalog;
    }

    void insert(TableDef t, Object[] row) {
        ValueRules.check(t, row);
        byte[] key = t.hiddenRowId() ? TableRows.newRowIdKey(t) : TableRows.keyOf(t, row);
        if (!t.hiddenRowId() && txn.get(key) != null) {
            throw duplicate(t, t.primaryKeyName(), t.primaryKey(), row);
        }
        checkParents(t, null, row);
        addIndexEntries(t, row, key);
        txn.put(key, RowCodec.encode(t, row));
    }

    /**
     * The keys inserting {@code rows} into {@code t} will read: each row's primary key (to refuse a
     * duplicate), its unique index entries, and the parents its foreign keys name (those not held
     * yet). Rows whose values do not pass the checks are skipped: inserting them reports why.
     */
    List<byte[]> keysToRead(TableDef t, List<Object[]> rows) {
        List<byte[]> keys = new ArrayList<>();
        for (Object[] given : rows) {
            Object[] row = given.clone();
            try {
                ValueRules.check(t, row);
            } catch (BasaltException e) {
                continue;
            }
            byte[] key = t.hiddenRowId() ? null : TableRows.keyOf(t, row);
            if (key != null) {
                keys.add(key);
            }
            for (TableDef.IndexDef index : t.indexes()) {
                byte[] entry = index.unique() && index.maintained() && key != null ? TableRows.indexKey(t, index, row, key) : null;
                if (entry != null) {
                    keys.add(entry);
                }
            }
            for (TableDef.ForeignKeyDef fk : t.foreignKeys()) {
                byte[] parentKey = parentKey(t, fk, row);
                if (parentKey != null && !txn.holdsShared(parentKey)) {
                    keys.add(parentKey);
                }
            }
        }
        return keys;
    }

    void update(TableDef t, byte[] oldKey, Object[] oldRow, Object[] newRow) {
        ValueRules.check(t, newRow);
        byte[] newKey = t.hiddenRowId() ? oldKey : TableRows.keyOf(t, newRow);
        boolean moved = !Arrays.equals(oldKey, newKey);
        if (moved && txn.get(newKey) != null) {
            throw duplicate(t, t.primaryKeyName(), t.primaryKey(), newRow);
        }
        if (moved) {
            // ON UPDATE is NO ACTION (Basalt has no other): a referenced key does not change, whatever ON DELETE says.
            checkNoChildren(t, java.util.Collections.singletonList(oldRow), 0, true);
        }
        checkParents(t, oldRow, newRow);
        removeIndexEntries(t, oldRow, oldKey);
        if (moved) {
            txn.delete(oldKey);
        }
        addIndexEntries(t, newRow, newKey);
        txn.put(newKey, RowCodec.encode(t, newRow));
    }

    /** Deletes rows (keys and their decoded rows) of {@code t}, applying the foreign keys that reference {@code t}. */
    void delete(TableDef t, List<byte[]> keys, List<Object[]> rows, int depth) {
        if (depth > CASCADE_DEPTH_MAX) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "cascading deletes go deeper than " + CASCADE_DEPTH_MAX + " tables");
        }
        checkNoChildren(t, rows, depth, false);
        for (int i = 0; i < keys.size(); i++) {
            removeIndexEntries(t, rows.get(i), keys.get(i));
            txn.delete(keys.get(i));
        }
    }

    // ---------------------------------------------------------------- indexes

    private void addIndexEntries(TableDef t, Object[] row, byte[] primaryKey) {
        for (TableDef.IndexDef index : t.indexes()) {
            if (!index.maintained()) {
                continue;
            }
            byte[] entry = TableRows.indexKey(t, index, row, primaryKey);
            if (entry == null) {
                continue;
            }
            if (index.unique()) {
                byte[] holder = txn.get(entry);
                if (holder != null && !Arrays.equals(holder, primaryKey)) {
                    throw duplicate(t, index.name(), index.columns(), row);
                }
                txn.put(entry, primaryKey);
            } else {
                txn.put(entry, new byte[0]);
            }
        }
    }

    private void removeIndexEntries(TableDef t, Object[] row, byte[] primaryKey) {
        for (TableDef.IndexDef index : t.indexes()) {
            byte[] entry = index.maintained() ? TableRows.indexKey(t, index, row, primaryKey) : null;
            if (entry != null) {
                txn.delete(entry);
            }
        }
    }

    // ---------------------------------------------------------------- foreign keys

    /**
     * A child row's parents must exist (a foreign key with a NULL column is not checked, as in SQL).
     * An update ({@code oldRow} not null) checks, and holds, only the parents whose key it changes,
     * as PostgreSQL does: the unchanged parent was checked when the row got it, and its remover
     * finds this row among its children. Holding it anyway would make every update of a child
     * wait for a {@code SELECT ... FOR UPDATE} of its parent (TPC-C's Payment and Delivery update
     * customers while NewOrder locks their district).
     */
    private void checkParents(TableDef t, Object[] oldRow, Object[] row) {
        for (TableDef.ForeignKeyDef fk : t.foreignKeys()) {
            if (oldRow != null && sameColumns(fk.columns(), oldRow, row)) {
                continue;
            }
            byte[] parentKey = parentKey(t, fk, row);
            if (parentKey == null || txn.holdsShared(parentKey)) {
                continue; // no parent named (a NULL), or seen to exist by an earlier row and checked again at commit
            }
            if (txn.get(parentKey) == null) {
                throw new BasaltException(ErrorCode.FOREIGN_KEY_VIOLATION, "insert or update on table \"" + t.name()
                        + "\" violates foreign key constraint \"" + fk.name() + "\": Key (" + names(t, fk.columns()) + ")=("
                        + values(row, fk.columns()) + ") is not present in table \"" + fk.parent() + "\"");
            }
            txn.holdShared(parentKey);
        }
    }

    private static boolean sameColumns(List<Integer> columns, Object[] a, Object[] b) {
        for (int c : columns) {
            if (!java.util.Objects.equals(a[c], b[c])) {
                return false;
            }
        }
        return true;
    }

    /** The key of the parent row {@code fk} of {@code row} names; null when a column of it is NULL or the parent is gone. */
    private byte[] parentKey(TableDef t, TableDef.ForeignKeyDef fk, Object[] row) {
        TableDef parent = fk.parent().equals(t.name()) ? t : catalog.table(fk.parent());
        if (parent == null) {
            return null;
        }
        Object[] parentRow = new Object[parent.columns().size()];
        for (int i = 0; i < fk.columns().size(); i++) {
            Object v = row[fk.columns().get(i)];
            if (v == null) {
                return null;
            }
            parentRow[parent.primaryKey().get(i)] = v;
        }
        return TableRows.keyOf(parent, parentRow);
    }

    /**
     * Applies the foreign keys that reference {@code parent} to the removal of {@code rows}: their
     * ON DELETE action, or with {@code keyUpdate} (the rows' keys change) a refusal whatever the
     * action, as PostgreSQL's default ON UPDATE NO ACTION does.
     */
    private void checkNoChildren(TableDef parent, List<Object[]> rows, int depth, boolean keyUpdate) {
        if (rows.isEmpty()) {
            return;
        }
        boolean locked = false;
        for (TableDef child : catalog.tables().values()) {
            for (TableDef.ForeignKeyDef fk : child.foreignKeys()) {
                if (!fk.parent().equals(parent.name())) {
                    continue;
                }
                if (!locked) {
                    // Waits for every shared hold on these rows; children committed before are in the
                    // latest scan, and none can commit after it until this transaction is decided. A
                    // row this transaction only wrote is locked now too: a write locks only at commit.
                    for (Object[] r : rows) {
                        txn.getForUpdate(TableRows.keyOf(parent, r));
                    }
                    locked = true;
                }
                java.util.Set<List<Object>> removed = new java.util.HashSet<>();
                for (Object[] r : rows) {
                    List<Object> key = new ArrayList<>();
                    parent.primaryKey().forEach(p -> key.add(r[p]));
                    removed.add(key);
                }
                List<byte[]> childKeys = new ArrayList<>();
                List<Object[]> childRows = new ArrayList<>();
                Iterator<KeyValue> scan = TableRows.scanKeysLatest(txn, child);
                while (scan.hasNext()) {
                    KeyValue kv = scan.next();
                    Object[] c = RowCodec.decode(child, kv.value());
                    List<Object> ref = new ArrayList<>();
                    fk.columns().forEach(p -> ref.add(c[p]));
                    if (removed.contains(ref)) {
                        childKeys.add(kv.key());
                        childRows.add(c);
                    }
                }
                if (childRows.isEmpty()) {
                    continue;
                }
                switch (keyUpdate ? TableDef.OnDelete.RESTRICT : fk.onDelete()) {
                    case RESTRICT -> throw new BasaltException(ErrorCode.FOREIGN_KEY_VIOLATION, "update or delete on table \""
                            + parent.name() + "\" violates foreign key constraint \"" + fk.name() + "\" on table \"" + child.name()
                            + "\": Key (" + names(child, fk.columns()) + ")=(" + values(childRows.get(0), fk.columns())
                            + ") is still referenced from table \"" + child.name() + "\"");
                    case CASCADE -> delete(child, childKeys, childRows, depth + 1);
                    case SET_NULL -> {
                        for (int i = 0; i < childRows.size(); i++) {
                            Object[] updated = childRows.get(i).clone();
                            fk.columns().forEach(p -> updated[p] = null);
                            update(child, childKeys.get(i), childRows.get(i), updated);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- messages

    private static BasaltException duplicate(TableDef t, String constraint, List<Integer> columns, Object[] row) {
        return new BasaltException(ErrorCode.UNIQUE_VIOLATION, "duplicate key value violates unique constraint \"" + constraint
                + "\": Key (" + names(t, columns) + ")=(" + values(row, columns) + ") already exists");
    }

    private static String names(TableDef t, List<Integer> columns) {
        StringJoiner j = new StringJoiner(", ");
        columns.forEach(p -> j.add(t.column(p).name()));
        return j.toString();
    }

    private static String values(Object[] row, List<Integer> columns) {
        StringJoiner j = new StringJoiner(", ");
        columns.forEach(p -> j.add(String.valueOf(row[p])));
        return j.toString();
    }
}
