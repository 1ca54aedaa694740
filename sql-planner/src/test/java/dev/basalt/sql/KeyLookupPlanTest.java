package dev.basalt.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.KeyLookup;
import dev.basalt.sql.internal.exec.Plan;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statements that fix a table's whole primary key read one key (a filtered scan the table answers
 * with a get; the plan shows the key filters handed to the scan); any other filter scans.
 */
class KeyLookupPlanTest {
    private SqlEngine engine;

    @BeforeEach
    void createTables() {
        engine = new SqlEngine(null, new CatalogVisibilityTest.MemoryStore());
        try (SqlSession s = engine.openSession()) {
            s.execute("CREATE TABLE stock (w INT, i INT, qty INT, note CHAR(4), PRIMARY KEY (w, i))", List.of(), 0, 0);
            s.execute("CREATE TABLE tags (name CHAR(4) PRIMARY KEY, n INT)", List.of(), 0, 0);
        }
    }

    private String plan(String sql) {
        Plan plan = engine.plan(sql);
        return plan instanceof Plan.Query q ? q.physicalPlan() : ((Plan.Dml) plan).physicalPlan();
    }

    @Test
    void theWholeKeyWithParametersOrLiteralsIsOneLookup() {
        assertTrue(plan("SELECT qty FROM stock WHERE w = ? AND i = ?").contains("filters="));
        assertTrue(plan("SELECT qty FROM stock WHERE i = 7 AND w = 1 AND qty > 0").contains("filters="));
        assertTrue(plan("UPDATE stock SET qty = qty - 1 WHERE w = ? AND i = ?").contains("filters="));
        assertTrue(plan("DELETE FROM stock WHERE w = 1 AND i = 2").contains("filters="));
    }

    @Test
    void aPartialKeyAnInequalityOrACharKeyIsNoLookup() {
        RexBuilder rex = new RexBuilder(new JavaTypeFactoryImpl());
        RelDataType integer = rex.getTypeFactory().createSqlType(SqlTypeName.INTEGER);
        RelDataType chars = rex.getTypeFactory().createSqlType(SqlTypeName.CHAR, 4);
        RexNode w = rex.makeCall(SqlStdOperatorTable.EQUALS, rex.makeInputRef(integer, 0), rex.makeDynamicParam(integer, 0));
        RexNode i = rex.makeCall(SqlStdOperatorTable.EQUALS, rex.makeInputRef(integer, 1), rex.makeExactLiteral(java.math.BigDecimal.ONE));
        RexNode iAbove = rex.makeCall(SqlStdOperatorTable.GREATER_THAN, rex.makeInputRef(integer, 1), rex.makeExactLiteral(java.math.BigDecimal.ONE));
        TableDef stock = engine.catalog().table("STOCK");
        assertTrue(KeyLookup.of(stock, List.of(w, i)) != null);
        assertTrue(KeyLookup.of(stock, List.of(i, w, iAbove)) != null, "other conjuncts do not matter");
        assertFalse(KeyLookup.of(stock, List.of(w)) != null, "half the key");
        assertFalse(KeyLookup.of(stock, List.of(w, iAbove)) != null, "an inequality");
        RexNode name = rex.makeCall(SqlStdOperatorTable.EQUALS, rex.makeInputRef(chars, 0), rex.makeDynamicParam(chars, 0));
        assertFalse(KeyLookup.of(engine.catalog().table("TAGS"), List.of(name)) != null,
                "CHAR equality ignores trailing blanks, which the key bytes do not");
    }
}
