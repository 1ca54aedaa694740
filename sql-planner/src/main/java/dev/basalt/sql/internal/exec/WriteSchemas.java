package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.TableDef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The indexes a transaction's writes maintained, per table, so that its commit can be refused if
 * a newer catalog added an index to a table it wrote: its rows would lack their entries in an
 * index that is being filled in (the online CREATE INDEX, {@link IndexBackfill}). Counted are the
 * table a statement writes and the tables that reference it (cascading deletes and SET NULL write
 * those).
 */
public final class WriteSchemas {
    /** Table id to the ids of the indexes every write of it maintained. */
    private final Map<Long, Set<Integer>> maintained = new HashMap<>();

    /** Records a statement's write plan (other plans are ignored). */
    public void record(Plan plan) {
        TableDef table;
        Catalog catalog;
        if (plan instanceof Plan.Dml dml) {
            table = dml.table();
            catalog = dml.catalog();
        } else if (plan instanceof Plan.Insert insert) {
            table = insert.table();
            catalog = insert.catalog();
        } else {
            return;
        }
        add(table);
        for (TableDef child : catalog.tables().values()) {
            for (TableDef.ForeignKeyDef fk : child.foreignKeys()) {
                if (fk.parent().equals(table.name())) {
                    add(child);
                }
            }
        }
    }

    private void add(TableDef table) {
        Set<Integer> ids = new HashSet<>();
        table.indexes().stream().filter(TableDef.IndexDef::maintained).forEach(i -> ids.add(i.indexId()));
        maintained.merge(table.tableId(), ids, (a, b) -> {
            a.retainAll(b);
            return a;
        });
    }

    public boolean isEmpty() {
        return maintained.isEmpty();
    }

    /** Refuses (40001) the commit if {@code current} maintains an index on a written table that a write did not. */
    public void check(Catalog current) {
        for (TableDef now : current.tables().values()) {
            Set<Integer> written = maintained.get(now.tableId());
            if (written == null) {
                continue;
            }
            for (TableDef.IndexDef index : now.indexes()) {
                if (index.maintained() && !written.contains(index.indexId())) {
                    throw new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "index \"" + index.name() + "\" was added to table \""
                            + now.name() + "\" while this transaction wrote to it; the transaction was rolled back, retry it");
                }
            }
        }
    }
}
