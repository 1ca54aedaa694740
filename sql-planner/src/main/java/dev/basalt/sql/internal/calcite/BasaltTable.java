package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.TableRows;
import dev.basalt.txn.Transaction;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.rex.RexNode;
import java.util.List;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A catalog table as Calcite sees it: its row type, and a scan that streams the rows visible to
 * the executing statement's transaction page by page ({@link TableRows#scan}).
 */
public final class BasaltTable extends AbstractTable implements ScannableTable, ProjectableFilterableTable {
    private final TableDef def;
    private final TableInitializers initializers;

    public BasaltTable(TableDef def) {
        this.def = def;
        this.initializers = new TableInitializers(def);
    }

    public TableDef def() {
        return def;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder b = typeFactory.builder();
        for (ColumnDef c : def.columns()) {
            b.add(c.name(), TypeMapping.toRelType(typeFactory, c.type(), c.nullable()));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        Transaction txn = (Transaction) root.get(ExecContext.KEY_TRANSACTION);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return TableRows.scan(txn, def);
            }
        };
    }

    /**
     * A scan with filters, as planned by {@code KeyLookups}: the rows come by the table's cheapest
     * {@link AccessPath} for the filters; the conjuncts that path guarantees are taken off the
     * list, and the caller applies the rest.
     */
    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        Transaction txn = (Transaction) root.get(ExecContext.KEY_TRANSACTION);
        AccessPath path = AccessPath.choose(def, filters);
        filters.removeAll(path.consumed());
        // What the ranges can filter and cut themselves; the remaining filters still run here.
        byte[] pushed = PushdownFilters.program(def, filters, projects, root);
        Enumerable<Object[]> all = new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return PathReader.read(path, def, txn, root, pushed);
            }
        };
        if (projects == null) {
            return all;
        }
        return all.select(row -> {
            Object[] out = new Object[projects.length];
            for (int i = 0; i < projects.length; i++) {
                out[i] = row[projects[i]];
            }
            return out;
        });
    }

    @Override
    public <C> C unwrap(Class<C> aClass) {
        if (aClass.isInstance(initializers)) {
            return aClass.cast(initializers);
        }
        return super.unwrap(aClass);
    }
}
