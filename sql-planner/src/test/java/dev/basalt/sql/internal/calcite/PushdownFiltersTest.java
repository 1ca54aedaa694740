package dev.basalt.sql.internal.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.rows.RowCodec;
import dev.basalt.sql.internal.rows.RowFilter;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Which conditions go down to the ranges: the ones a {@link RowFilter} can decide, never a part of
 * a condition that would make the ranges drop a row SQL keeps (a disjunct or anything under NOT
 * that cannot go down keeps the whole condition up), with parameters bound to their values.
 */
class PushdownFiltersTest {
    private static final JavaTypeFactory TYPES = new JavaTypeFactoryImpl();
    private static final RexBuilder REX = new RexBuilder(TYPES);
    private static final TableDef T = new TableDef(9, "T", List.of(
            new ColumnDef(1, "ID", new ColumnType(ColumnType.Kind.INTEGER, 0, 0), false, null),
            new ColumnDef(2, "N", new ColumnType(ColumnType.Kind.INTEGER, 0, 0), true, null),
            new ColumnDef(3, "S", new ColumnType(ColumnType.Kind.VARCHAR, 10, 0), true, null)),
            List.of(0), List.of(0), false, 4, List.of(), List.of());
    private static final RelDataType INT = TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.INTEGER), true);
    private static final RelDataType TEXT = TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.VARCHAR, 10), true);
    private static final RexNode N = REX.makeInputRef(INT, 1);
    private static final RexNode S = REX.makeInputRef(TEXT, 2);

    /** An execution context with parameter 0 = 15. */
    private static final DataContext ROOT = new DataContext() {
        @Override
        public SchemaPlus getRootSchema() {
            return null;
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return TYPES;
        }

        @Override
        public QueryProvider getQueryProvider() {
            return null;
        }

        @Override
        public Object get(String name) {
            return name.equals("?0") ? 15 : null;
        }
    };

    private static RexNode call(org.apache.calcite.sql.SqlOperator op, RexNode... operands) {
        return REX.makeCall(op, operands);
    }

    private static RexNode upperIs(String value) {
        return call(SqlStdOperatorTable.EQUALS, call(SqlStdOperatorTable.UPPER, S), REX.makeLiteral(value));
    }

    private static boolean keeps(byte[] program, Integer n, String s) {
        return RowFilter.decode(program).apply(new byte[0], RowCodec.encode(T, new Object[] {1, n, s})) != null;
    }

    @Test
    void theDecidablePartOfAConjunctionGoesDownWithItsParameterBound() {
        RexNode nAboveParam = call(SqlStdOperatorTable.GREATER_THAN, N, REX.makeDynamicParam(INT, 0));
        byte[] program = PushdownFilters.program(T, List.of(nAboveParam, upperIs("A")), null, ROOT);
        assertNotNull(program);
        assertEquals(true, keeps(program, 16, "x"), "UPPER(s) = 'A' stays with the reader");
        assertEquals(false, keeps(program, 15, "a"));
        assertEquals(false, keeps(program, null, "a"));
        RexNode inside = call(SqlStdOperatorTable.AND, nAboveParam, upperIs("A"));
        assertEquals(false, keeps(PushdownFilters.program(T, List.of(inside), null, ROOT), 3, "a"), "inside one AND as well");
    }

    @Test
    void aDisjunctOrANegatedPartThatCannotGoDownKeepsTheConditionUp() {
        RexNode nAbove = call(SqlStdOperatorTable.GREATER_THAN, N, REX.makeExactLiteral(BigDecimal.TEN));
        assertNull(PushdownFilters.program(T, List.of(call(SqlStdOperatorTable.OR, nAbove, upperIs("C"))), null, ROOT));
        assertNull(PushdownFilters.program(T, List.of(call(SqlStdOperatorTable.NOT, call(SqlStdOperatorTable.AND, nAbove, upperIs("A")))),
                null, ROOT));
        byte[] negated = PushdownFilters.program(T, List.of(call(SqlStdOperatorTable.NOT, nAbove)), null, ROOT);
        assertEquals(true, keeps(negated, 10, null));
        assertEquals(false, keeps(negated, null, null), "NOT (NULL > 10) is unknown");
        byte[] text = PushdownFilters.program(T, List.of(call(SqlStdOperatorTable.NOT_EQUALS, S, REX.makeLiteral("a"))), null, ROOT);
        assertEquals(true, keeps(text, 1, "b"));
        assertEquals(false, keeps(text, 1, "a"));
        assertNull(PushdownFilters.program(T, List.of(call(SqlStdOperatorTable.LESS_THAN, S, REX.makeLiteral("m"))), null, ROOT),
                "text order is left to the reader");
    }

    @Test
    void aNarrowProjectionGoesDownAsColumnIds() {
        byte[] program = PushdownFilters.program(T, List.of(), new int[] {2}, ROOT);
        byte[] cut = RowFilter.decode(program).apply(new byte[0], RowCodec.encode(T, new Object[] {1, 2, "s"}));
        assertEquals(java.util.Arrays.asList(null, null, "s"), java.util.Arrays.asList(RowCodec.decode(T, cut)));
        assertNull(PushdownFilters.program(T, List.of(), new int[] {0, 1, 2}, ROOT), "all columns: nothing to cut");
    }
}
