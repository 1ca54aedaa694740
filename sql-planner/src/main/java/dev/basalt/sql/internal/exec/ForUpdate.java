package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.ExecContext;
import dev.basalt.sql.internal.rows.TableRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.linq4j.Enumerator;

/**
 * {@code SELECT ... FOR UPDATE}: locks every row of the table the query selects from that its
 * WHERE clause matches, before the query reads them. The locks are taken together by the
 * transaction ({@link dev.basalt.txn.Transaction#lockForUpdate(java.util.List)}: one request per
 * range, the ranges in parallel), which fails with 40001 if a row changed after the transaction's
 * snapshot, so the values the query then returns are the newest.
 */
final class ForUpdate {
    private ForUpdate() {
    }

    /** Locks the rows; returns how many. */
    static int lockRows(Plan.Query q, ExecContext ctx, String sql) {
        TableDef table = q.lockTable();
        if (table.hiddenRowId()) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "FOR UPDATE needs a primary key to lock rows by; table "
                    + table.name() + " has none");
        }
        List<byte[]> keys = new ArrayList<>();
        try (Enumerator<?> rows = Probes.bind(q.lockRows(), ctx).enumerator()) {
            while (rows.moveNext()) {
                if (keys.size() >= DmlExecutor.DML_ROWS_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_STATEMENT, "FOR UPDATE may lock at most " + DmlExecutor.DML_ROWS_MAX + " rows");
                }
                Object current = rows.current();
                keys.add(TableRows.keyOf(table, current instanceof Object[] a ? a : new Object[] {current}));
            }
        } catch (RuntimeException e) {
            throw CalciteErrors.runtime(e, sql);
        }
        ctx.transaction().lockForUpdate(keys);
        return keys.size();
    }
}
