package dev.basalt.sql.internal.exec;

import dev.basalt.sql.result.ResultColumn;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.TableDef;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlNode;

/**
 * A planned statement, immutable and shareable between sessions and executions: the plan cache
 * holds these. Queries and the row sources of DML are compiled Calcite code ({@link Bindable});
 * executing one binds it to an {@link dev.basalt.sql.internal.calcite.ExecContext}.
 */
public sealed interface Plan {
    /** Parameter types in order ({@code ?} markers); empty when the statement has none. */
    List<RelDataType> paramTypes();

    /**
     * A query: its result columns and their Calcite types. A {@code SELECT ... FOR UPDATE} also
     * carries {@code lockRows}, which yields the full rows of {@code lockTable} the query reads;
     * each is locked before the query runs. {@code physicalPlan}: the optimized plan as text.
     */
    record Query(Bindable<?> bindable, List<ResultColumn> columns, List<RelDataType> rowTypes, List<RelDataType> paramTypes,
                 TableDef lockTable, Bindable<?> lockRows, String physicalPlan) implements Plan {
        public boolean forUpdate() {
            return lockRows != null;
        }
    }

    enum DmlKind { INSERT, UPDATE, DELETE }

    /**
     * INSERT, UPDATE or DELETE of {@code table}: {@code source} yields, per affected row, the new
     * row (INSERT), the old row followed by the new values of {@code updateColumns} (UPDATE), or
     * the old row (DELETE), in table column order. {@code catalog} is the version the plan was made
     * at: foreign keys are checked against its tables. {@code physicalPlan}: the optimized plan of
     * the row source as text (for EXPLAIN and tests).
     */
    record Dml(DmlKind kind, TableDef table, List<Integer> updateColumns, Bindable<?> source,
               List<RelDataType> paramTypes, Catalog catalog, String physicalPlan) implements Plan {
    }

    /**
     * {@code INSERT ... VALUES} of literals and parameters, built without the planner
     * ({@link DirectInsert}): per row, where each column's value comes from.
     */
    record Insert(TableDef table, List<DirectInsert.Source[]> rows, List<RelDataType> paramTypes, Catalog catalog) implements Plan {
    }

    /**
     * {@code EXPLAIN [ANALYZE] statement}: {@code statement}'s plan (compiled with {@link ProbeRel}s
     * when {@code analyze}, so its operators are measured) and its {@code operators} for printing.
     * {@code statementSql} is the statement's own text. {@code probes} is how many probes the
     * statement has; {@code writeProbe} and {@code lockProbe} are the ones the executor fills
     * itself (the DML write and the FOR UPDATE lock), -1 when there is none. The parameters are
     * the statement's.
     */
    record Explain(boolean analyze, Plan statement, String statementSql, List<dev.basalt.sql.internal.exec.Explain.Operator> operators,
                   int probes, int writeProbe, int lockProbe) implements Plan {
        @Override
        public List<RelDataType> paramTypes() {
            return statement.paramTypes();
        }

        /** The one column of EXPLAIN's result, as PostgreSQL names it. */
        public static final ResultColumn COLUMN = new ResultColumn("QUERY PLAN", "QUERY PLAN", "", java.sql.Types.VARCHAR, "VARCHAR", 0, 0,
                false);
    }

    /** Whether the plan changes rows (and so needs a read-write transaction). */
    static boolean writes(Plan plan) {
        return plan instanceof Dml || plan instanceof Insert;
    }

    /** DDL, run against the catalog, outside any transaction. */
    record Ddl(SqlNode node) implements Plan {
        @Override
        public List<RelDataType> paramTypes() {
            return List.of();
        }
    }

    /** BEGIN, COMMIT, ROLLBACK, SET TRANSACTION: handled by the session. */
    record Control(SqlNode node) implements Plan {
        @Override
        public List<RelDataType> paramTypes() {
            return List.of();
        }
    }
}
