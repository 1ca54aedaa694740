package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.name;
import static dev.basalt.sql.parser.ParserAssertions.names;
import static dev.basalt.sql.parser.ParserAssertions.parse;
import static dev.basalt.sql.parser.ParserAssertions.syntaxError;
import static dev.basalt.sql.parser.ParserAssertions.typeName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** DROP TABLE, CREATE/DROP INDEX, ALTER TABLE ADD COLUMN, CREATE/DROP VIEW. */
class OtherDdlParsingTest {
    @Test
    void dropTable() {
        SqlDropTable plain = parse("DROP TABLE t", SqlDropTable.class);
        assertEquals(List.of("T"), names(plain.getNames()));
        assertFalse(plain.isIfExists());
        assertEquals(DropBehavior.RESTRICT, plain.getBehavior());
        assertEquals(SqlKind.DROP_TABLE, plain.getKind());

        SqlDropTable many = parse("DROP TABLE IF EXISTS a, s.b, \"c\" CASCADE", SqlDropTable.class);
        assertTrue(many.isIfExists());
        assertEquals(List.of("A", "S.B", "c"), names(many.getNames()));
        assertEquals(DropBehavior.CASCADE, many.getBehavior());

        assertEquals(DropBehavior.RESTRICT, parse("DROP TABLE t RESTRICT", SqlDropTable.class).getBehavior());
        assertEquals(List.of("IF"), names(parse("DROP TABLE if", SqlDropTable.class).getNames()));
        syntaxError("DROP TABLE");
        syntaxError("DROP TABLE a,");
    }

    @Test
    void createIndex() {
        SqlCreateIndex plain = parse("CREATE INDEX idx_name ON customer (c_last)", SqlCreateIndex.class);
        assertEquals("IDX_NAME", name(plain.getName()));
        assertEquals("CUSTOMER", name(plain.getTable()));
        assertFalse(plain.isUnique());
        assertFalse(plain.isIfNotExists());
        assertEquals(SqlKind.CREATE_INDEX, plain.getKind());
        assertEquals(List.of("C_LAST"), plain.getColumns().stream().map(c -> name(c.getName())).toList());

        SqlCreateIndex full = parse("CREATE UNIQUE INDEX IF NOT EXISTS ux ON s.t (a ASC, b DESC, c)", SqlCreateIndex.class);
        assertTrue(full.isUnique());
        assertTrue(full.isIfNotExists());
        assertEquals("S.T", name(full.getTable()));
        assertEquals(List.of(false, true, false), full.getColumns().stream().map(SqlIndexColumn::isDescending).toList());

        assertTrue(syntaxError("CREATE OR REPLACE INDEX i ON t (a)")
                .startsWith("CREATE OR REPLACE is not supported for indexes"));
        syntaxError("CREATE INDEX i ON t ()");
        syntaxError("CREATE INDEX i (a)");
    }

    @Test
    void dropIndex() {
        SqlDropIndex plain = parse("DROP INDEX idx", SqlDropIndex.class);
        assertEquals("IDX", name(plain.getName()));
        assertFalse(plain.isIfExists());
        assertEquals(SqlKind.DROP_INDEX, plain.getKind());
        assertTrue(parse("DROP INDEX IF EXISTS s.idx", SqlDropIndex.class).isIfExists());
    }

    @Test
    void alterTableAddColumn() {
        SqlAlterTableAddColumn add = parse("ALTER TABLE t ADD COLUMN note VARCHAR(10) NOT NULL DEFAULT 'x'",
                SqlAlterTableAddColumn.class);
        assertEquals("T", name(add.getTable()));
        assertFalse(add.isIfNotExists());
        assertEquals("NOTE", name(add.getColumn().getName()));
        assertEquals(SqlTypeName.VARCHAR, typeName(add.getColumn().getDataType()));
        assertEquals(Boolean.FALSE, add.getColumn().getNullable());
        assertEquals(SqlKind.ALTER_TABLE, add.getKind());

        SqlAlterTableAddColumn withoutColumnWord = parse("ALTER TABLE s.t ADD c INT", SqlAlterTableAddColumn.class);
        assertEquals("C", name(withoutColumnWord.getColumn().getName()));

        SqlAlterTableAddColumn ifNotExists = parse("ALTER TABLE t ADD COLUMN IF NOT EXISTS p INT "
                + "CONSTRAINT fk_p REFERENCES parent (id) ON DELETE CASCADE", SqlAlterTableAddColumn.class);
        assertTrue(ifNotExists.isIfNotExists());
        SqlTableConstraint fk = ifNotExists.getColumn().getConstraints().get(0);
        assertEquals("FK_P", name(fk.getName()));
        assertEquals("PARENT", name(fk.getReferencedTable()));
        assertEquals(ReferentialAction.CASCADE, fk.getOnDelete());

        assertTrue(parse("ALTER TABLE t ADD IF NOT EXISTS c TEXT", SqlAlterTableAddColumn.class).isIfNotExists());
        syntaxError("ALTER TABLE t ADD");
        syntaxError("ALTER TABLE t DROP COLUMN c");
    }

    @Test
    void createView() {
        SqlCreateView plain = parse("CREATE VIEW v AS SELECT a FROM t", SqlCreateView.class);
        assertEquals("V", name(plain.getName()));
        assertFalse(plain.isOrReplace());
        assertEquals(List.of(), plain.getColumns());
        assertInstanceOf(SqlSelect.class, plain.getQuery());
        assertEquals(SqlKind.CREATE_VIEW, plain.getKind());

        SqlCreateView full = parse("CREATE OR REPLACE VIEW s.v (x, y) AS "
                + "SELECT a, COUNT(*) FROM t WHERE a > 1 GROUP BY a ORDER BY 2 DESC LIMIT 5", SqlCreateView.class);
        assertTrue(full.isOrReplace());
        assertEquals(List.of("X", "Y"), names(full.getColumns()));
        assertEquals(SqlKind.ORDER_BY, full.getQuery().getKind());

        parse("CREATE VIEW u AS SELECT a FROM t UNION ALL SELECT b FROM u2", SqlCreateView.class);
        syntaxError("CREATE VIEW v SELECT 1");
    }

    @Test
    void dropView() {
        SqlDropView plain = parse("DROP VIEW v", SqlDropView.class);
        assertEquals(List.of("V"), names(plain.getNames()));
        assertFalse(plain.isIfExists());
        assertEquals(DropBehavior.RESTRICT, plain.getBehavior());
        assertEquals(SqlKind.DROP_VIEW, plain.getKind());

        SqlDropView full = parse("DROP VIEW IF EXISTS v CASCADE", SqlDropView.class);
        assertTrue(full.isIfExists());
        assertEquals(DropBehavior.CASCADE, full.getBehavior());
    }
}
