package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.ExecContext;
import dev.basalt.sql.internal.rows.RowCodec;
import dev.basalt.sql.internal.rows.TableRows;
import dev.basalt.txn.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Runs INSERT, UPDATE and DELETE: first reads every affected row from the statement's source (so
 * the statement never sees its own writes, the "Halloween problem"), then hands each row to a
 * {@link RowWriter}, which checks it and writes it with its index entries into the transaction.
 */
final class DmlExecutor {
    /** A statement changes at most this many rows (the rows are held in memory until written). */
    static final int DML_ROWS_MAX = 2_000_000;

    private DmlExecutor() {
    }

    static long run(Plan.Dml plan, ExecContext ctx, String sql) {
        List<Object[]> source = materialize(plan, ctx, sql);
        Transaction txn = ctx.transaction();
        TableDef t = plan.table();
        RowWriter writer = new RowWriter(txn, plan.catalog());
        int width = t.columns().size();
        switch (plan.kind()) {
            case INSERT -> {
                for (Object[] in : source) {
                    writer.insert(t, Arrays.copyOf(in, width));
                }
            }
            case UPDATE -> {
                List<byte[]> oldKeys = keysOf(t, source, txn, width);
                for (int i = 0; i < source.size(); i++) {
                    Object[] in = source.get(i);
                    Object[] oldRow = Arrays.copyOf(in, width);
                    Object[] row = Arrays.copyOf(in, width);
                    for (int j = 0; j < plan.updateColumns().size(); j++) {
                        row[plan.updateColumns().get(j)] = in[width + j];
                    }
                    writer.update(t, oldKeys.get(i), oldRow, row);
                }
            }
            case DELETE -> {
                List<Object[]> rows = new ArrayList<>(source.size());
                source.forEach(in -> rows.add(Arrays.copyOf(in, width)));
                writer.delete(t, keysOf(t, source, txn, width), rows, 0);
            }
        }
        return source.size();
    }

    private static List<Object[]> materialize(Plan.Dml plan, ExecContext ctx, String sql) {
        List<Object[]> rows = new ArrayList<>();
        try (Enumerator<?> e = Probes.bind(plan.source(), ctx).enumerator()) {
            while (e.moveNext()) {
                if (rows.size() >= DML_ROWS_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_STATEMENT, "a statement may change at most " + DML_ROWS_MAX
                            + " rows of table " + plan.table().name() + "; split it into smaller ones");
                }
                Object current = e.current();
                rows.add(current instanceof Object[] a ? a : new Object[] {current});
            }
        } catch (RuntimeException | LinkageError e) {
            throw CalciteErrors.runtime(e, sql);
        }
        return rows;
    }

    /** The storage key of each old row (the first {@code width} values of each source row). */
    private static List<byte[]> keysOf(TableDef t, List<Object[]> source, Transaction txn, int width) {
        List<byte[]> keys = new ArrayList<>(source.size());
        if (!t.hiddenRowId()) {
            for (Object[] in : source) {
                keys.add(TableRows.keyOf(t, Arrays.copyOf(in, width)));
            }
            return keys;
        }
        // Rows without a primary key are found by their contents: one pass over the table pairs
        // each source row with a stored row equal to it.
        Map<List<Object>, Deque<Integer>> wanted = new HashMap<>();
        for (int i = 0; i < source.size(); i++) {
            wanted.computeIfAbsent(Arrays.asList(Arrays.copyOf(source.get(i), width)), k -> new ArrayDeque<>()).add(i);
            keys.add(null);
        }
        Iterator<KeyValue> stored = TableRows.scanKeys(txn, t);
        while (stored.hasNext()) {
            KeyValue kv = stored.next();
            Deque<Integer> matches = wanted.get(Arrays.asList(RowCodec.decode(t, kv.value())));
            if (matches != null && !matches.isEmpty()) {
                keys.set(matches.poll(), kv.key());
            }
        }
        for (byte[] k : keys) {
            if (k == null) {
                throw new BasaltException(ErrorCode.INTERNAL_ERROR, "table " + t.name() + ": a row the statement read is no longer stored");
            }
        }
        return keys;
    }
}
