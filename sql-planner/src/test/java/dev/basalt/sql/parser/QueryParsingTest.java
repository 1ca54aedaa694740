package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.name;
import static dev.basalt.sql.parser.ParserAssertions.parse;
import static dev.basalt.sql.parser.ParserAssertions.syntaxError;
import static dev.basalt.sql.parser.ParserAssertions.typeName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Calcite's query and DML grammar still works through Basalt's parser, plus FOR UPDATE and EXPLAIN. */
class QueryParsingTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT a, b FROM t JOIN u ON t.id = u.id LEFT OUTER JOIN v USING (id) WHERE a > 1",
        "SELECT * FROM t CROSS JOIN u, w",
        "SELECT a FROM t WHERE a IN (SELECT b FROM u) AND EXISTS (SELECT 1 FROM w WHERE w.x = t.a)",
        "SELECT (SELECT MAX(b) FROM u) AS m, x.* FROM (SELECT a FROM t) AS x",
        "SELECT a FROM t UNION ALL SELECT b FROM u EXCEPT SELECT c FROM w",
        "SELECT a, COUNT(*) AS n FROM t GROUP BY a HAVING COUNT(*) > 2 ORDER BY 2 DESC, 1",
        "SELECT a FROM t ORDER BY a LIMIT 10 OFFSET 20",
        "SELECT a FROM t OFFSET 5",
        "SELECT a FROM t OFFSET 5 LIMIT 10",
        "SELECT a FROM t ORDER BY a FETCH FIRST 3 ROWS ONLY",
        "VALUES (1, 'a'), (2, 'b')",
        "WITH x AS (SELECT a FROM t) SELECT * FROM x",
        "SELECT CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END, CAST(b AS DECIMAL(10, 2)) FROM t",
        "SELECT a != b, a % 3, a <> b, MOD(a, 3) FROM t",
        "SELECT a AS k, SUM(b) FROM t GROUP BY k",
        "SELECT SUBSTRING(s FROM 1 FOR 3), TRIM(BOTH ' ' FROM s) FROM t",
        "SELECT SUBSTRING(s FROM 1 FOR update_count) FROM t",
        "SELECT IF(a > 1, 'x', 'y'), index, hash, analyze, distribute FROM t",
        "DESCRIBE TABLE t",
        "SELECT COUNT(DISTINCT s_i_id) AS stock_count FROM order_line, stock "
            + "WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id < ? AND ol_o_id >= ? AND s_w_id = ? "
            + "AND s_i_id = ol_i_id AND s_quantity < ?",
        "INSERT INTO t (a, b) VALUES (1, 'x'), (2, DEFAULT)",
        "INSERT INTO t SELECT * FROM u WHERE u.a IS NOT NULL",
        "UPDATE district SET d_next_o_id = d_next_o_id + 1 WHERE d_w_id = ? AND d_id = ?",
        "DELETE FROM new_order WHERE no_o_id = ? AND no_d_id = ? AND no_w_id = ?",
        "MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN UPDATE SET a = u.a "
            + "WHEN NOT MATCHED THEN INSERT (id, a) VALUES (u.id, u.a)",
    })
    void calcitesGrammarStillParses(String sql) {
        parse(sql, SqlNode.class);
    }

    @Test
    void structureOfAnOrdinaryQuery() {
        SqlOrderBy orderBy = parse("select a, \"b\" from t where a = 1 order by 1 limit 10 offset 20", SqlOrderBy.class);
        SqlSelect select = (SqlSelect) orderBy.query;

        assertEquals("A", name((SqlIdentifier) select.getSelectList().get(0)));
        assertEquals("b", name((SqlIdentifier) select.getSelectList().get(1)));
        assertEquals("T", name((SqlIdentifier) select.getFrom()));
        assertEquals("10", orderBy.fetch.toString());
        assertEquals("20", orderBy.offset.toString());
    }

    @Test
    void dmlNodesAreCalcites() {
        parse("INSERT INTO t VALUES (1)", SqlInsert.class);
        parse("UPDATE t SET a = 1", SqlUpdate.class);
        parse("DELETE FROM t", SqlDelete.class);
        parse("MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN UPDATE SET b = u.b", SqlMerge.class);
    }

    @Test
    void castToText() {
        SqlBasicCall cast = (SqlBasicCall) parse("SELECT CAST(a AS TEXT) FROM t", SqlSelect.class).getSelectList().get(0);

        assertEquals(SqlKind.CAST, cast.getKind());
        assertEquals(SqlTypeName.VARCHAR, typeName((SqlDataTypeSpec) cast.operand(1)));
    }

    @Test
    void limitStartCountIsNotPostgres() {
        assertTrue(syntaxError("SELECT a FROM t LIMIT 2, 3").contains("'LIMIT start, count' is not allowed"));
    }

    @Test
    void forUpdateWithWhere() {
        SqlSelectForUpdate locked = parse("SELECT * FROM t WHERE id = 1 FOR UPDATE", SqlSelectForUpdate.class);

        SqlSelect select = assertInstanceOf(SqlSelect.class, locked.getQuery());
        assertNotNull(select.getWhere());
        assertEquals("T", name((SqlIdentifier) select.getFrom()));
    }

    @Test
    void forUpdateRightAfterATableName() {
        // "FROM t FOR" is where Calcite's FOR SYSTEM_TIME AS OF would take FOR at one token of lookahead.
        SqlSelectForUpdate locked = parse("SELECT a FROM t FOR UPDATE", SqlSelectForUpdate.class);
        assertEquals("T", name((SqlIdentifier) ((SqlSelect) locked.getQuery()).getFrom()));

        parse("SELECT a FROM s.t FOR UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a FROM t x FOR UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a FROM t AS x FOR UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a FROM t, u FOR UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a FROM t JOIN u ON t.id = u.id FOR UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a FROM (SELECT a FROM t) FOR UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a\nFROM t\nFOR\n  UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a FROM t FOR /* lock it */ UPDATE", SqlSelectForUpdate.class);
        // Calcite's sample spec has no equals(), so this one is not round-tripped.
        assertInstanceOf(SqlSelectForUpdate.class, SqlParsers.parse("SELECT * FROM t TABLESAMPLE BERNOULLI(10) FOR UPDATE"));
    }

    @Test
    void forUpdateAfterOrderByAndLimit() {
        SqlSelectForUpdate locked = parse("SELECT no_o_id FROM new_order WHERE no_d_id = ? AND no_w_id = ? "
                + "ORDER BY no_o_id ASC LIMIT 1 FOR UPDATE", SqlSelectForUpdate.class);
        SqlOrderBy orderBy = assertInstanceOf(SqlOrderBy.class, locked.getQuery());
        assertEquals("1", orderBy.fetch.toString());

        parse("SELECT a FROM t ORDER BY a LIMIT 3 OFFSET 1 FOR UPDATE", SqlSelectForUpdate.class);
        parse("SELECT a FROM t OFFSET 2 FOR UPDATE", SqlSelectForUpdate.class);
        parse("WITH x AS (SELECT a FROM t) SELECT a FROM x FOR UPDATE", SqlSelectForUpdate.class);
    }

    @Test
    void withoutForUpdateAQueryStaysCalcites() {
        assertInstanceOf(SqlSelect.class, parse("SELECT a FROM t", SqlSelect.class));
        assertFalse(parse("SELECT a FROM t", SqlNode.class) instanceof SqlSelectForUpdate);
    }

    @Test
    void forSystemTimeStillParses() {
        SqlSelect select = parse("SELECT a FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00'", SqlSelect.class);
        assertInstanceOf(SqlSnapshot.class, select.getFrom());

        SqlSelectForUpdate both = parse("SELECT a FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00' "
                + "FOR UPDATE", SqlSelectForUpdate.class);
        assertInstanceOf(SqlSnapshot.class, ((SqlSelect) both.getQuery()).getFrom());
    }

    @Test
    void forUpdateOnlyFollowsASelect() {
        assertTrue(syntaxError("SELECT a FROM t UNION SELECT a FROM u FOR UPDATE")
                .startsWith("FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT (line 1, column "));
        assertTrue(syntaxError("VALUES (1) FOR UPDATE").startsWith("FOR UPDATE cannot be applied to VALUES"));
        syntaxError("SELECT a FROM t FOR");
        syntaxError("SELECT a FROM t FOR SHARE");
        syntaxError("UPDATE t SET a = 1 FOR UPDATE");
    }

    @Test
    void explain() {
        SqlExplainQuery plain = parse("EXPLAIN SELECT a FROM t", SqlExplainQuery.class);
        assertFalse(plain.isAnalyze());
        assertInstanceOf(SqlSelect.class, plain.getStatement());

        SqlExplainQuery analyze = parse("EXPLAIN ANALYZE SELECT a FROM t WHERE a = 1 FOR UPDATE", SqlExplainQuery.class);
        assertTrue(analyze.isAnalyze());
        assertInstanceOf(SqlSelectForUpdate.class, analyze.getStatement());

        assertInstanceOf(SqlInsert.class, parse("EXPLAIN ANALYZE INSERT INTO t VALUES (1)", SqlExplainQuery.class)
                .getStatement());
        assertInstanceOf(SqlUpdate.class, parse("EXPLAIN UPDATE t SET a = 1", SqlExplainQuery.class).getStatement());
        assertInstanceOf(SqlDelete.class, parse("EXPLAIN DELETE FROM t", SqlExplainQuery.class).getStatement());
        syntaxError("EXPLAIN");
        syntaxError("EXPLAIN ANALYZE");
        syntaxError("EXPLAIN CREATE TABLE t (a INT)");
    }

    @Test
    void calcitesExplainPlanStillParses() {
        SqlExplain explain = parse("EXPLAIN PLAN FOR SELECT a FROM t", SqlExplain.class);
        assertEquals(SqlKind.EXPLAIN, explain.getKind());
        parse("EXPLAIN PLAN WITH TYPE FOR SELECT 1", SqlExplain.class);
        // FOR then UPDATE as two tokens must still mean "explain this UPDATE".
        assertInstanceOf(SqlUpdate.class, parse("EXPLAIN PLAN FOR UPDATE t SET a = 1", SqlExplain.class).getExplicandum());
    }

    @Test
    void selectListItemsAreNotDisturbed() {
        SqlNodeList items = parse("SELECT a AS analyze, b AS distribute, c AS hash FROM t", SqlSelect.class).getSelectList();
        assertEquals(3, items.size());
    }
}
