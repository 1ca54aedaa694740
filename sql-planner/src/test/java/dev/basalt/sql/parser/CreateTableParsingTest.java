package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.name;
import static dev.basalt.sql.parser.ParserAssertions.names;
import static dev.basalt.sql.parser.ParserAssertions.parse;
import static dev.basalt.sql.parser.ParserAssertions.precision;
import static dev.basalt.sql.parser.ParserAssertions.scale;
import static dev.basalt.sql.parser.ParserAssertions.syntaxError;
import static dev.basalt.sql.parser.ParserAssertions.typeName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateTableParsingTest {
    @Test
    void columnsAndTableConstraintAreReadBack() {
        SqlCreateTable create = parse("CREATE TABLE accounts (id BIGINT NOT NULL, owner varchar(40), "
                + "balance DECIMAL(12, 2) DEFAULT 0, PRIMARY KEY (id))", SqlCreateTable.class);

        assertEquals("ACCOUNTS", name(create.getName()));
        assertFalse(create.isIfNotExists());
        assertEquals(SqlKind.CREATE_TABLE, create.getKind());
        List<SqlColumnDeclaration> columns = create.getColumns();
        assertEquals(List.of("ID", "OWNER", "BALANCE"), columns.stream().map(c -> name(c.getName())).toList());
        assertEquals(SqlTypeName.BIGINT, typeName(columns.get(0).getDataType()));
        assertEquals(Boolean.FALSE, columns.get(0).getNullable());
        assertNull(columns.get(1).getNullable(), "neither NULL nor NOT NULL written");
        assertEquals(SqlTypeName.VARCHAR, typeName(columns.get(1).getDataType()));
        assertEquals(40, precision(columns.get(1).getDataType()));
        assertEquals(12, precision(columns.get(2).getDataType()));
        assertEquals(2, scale(columns.get(2).getDataType()));
        assertEquals(BigDecimal.ZERO, ((SqlLiteral) columns.get(2).getDefaultValue()).getValueAs(BigDecimal.class));
        assertNull(columns.get(0).getDefaultValue());

        SqlTableConstraint pk = create.getTableConstraints().get(0);
        assertEquals(ConstraintKind.PRIMARY_KEY, pk.getConstraintKind());
        assertNull(pk.getName());
        assertEquals(List.of("ID"), names(pk.getColumns()));
        assertEquals(List.of(), create.getDistributeBy());
    }

    @Test
    void ifNotExistsQualifiedAndQuotedNames() {
        SqlCreateTable create = parse("CREATE TABLE IF NOT EXISTS app.\"MixedCase\" (\"id\" INT, Name TEXT)",
                SqlCreateTable.class);

        assertTrue(create.isIfNotExists());
        assertEquals(List.of("APP", "MixedCase"), create.getName().names);
        assertEquals("id", name(create.getColumns().get(0).getName()), "quoted names keep their case");
        assertEquals("NAME", name(create.getColumns().get(1).getName()), "unquoted names fold to upper case");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "INT                  | INTEGER   | -1 | -2147483648",
        "INTEGER              | INTEGER   | -1 | -2147483648",
        "SMALLINT             | SMALLINT  | -1 | -2147483648",
        "BIGINT               | BIGINT    | -1 | -2147483648",
        "DECIMAL(10, 3)       | DECIMAL   | 10 | 3",
        "NUMERIC(8,2)         | DECIMAL   |  8 | 2",
        "NUMERIC(5)           | DECIMAL   |  5 | -2147483648",
        "DECIMAL              | DECIMAL   | -1 | -2147483648",
        "REAL                 | REAL      | -1 | -2147483648",
        "FLOAT                | FLOAT     | -1 | -2147483648",
        "FLOAT(24)            | REAL      | -1 | -2147483648",
        "FLOAT(25)            | DOUBLE    | -1 | -2147483648",
        "DOUBLE               | DOUBLE    | -1 | -2147483648",
        "DOUBLE PRECISION     | DOUBLE    | -1 | -2147483648",
        "CHAR(2)              | CHAR      |  2 | -2147483648",
        "CHARACTER(9)         | CHAR      |  9 | -2147483648",
        "VARCHAR(16)          | VARCHAR   | 16 | -2147483648",
        "CHARACTER VARYING(7) | VARCHAR   |  7 | -2147483648",
        "VARCHAR              | VARCHAR   | -1 | -2147483648",
        "TEXT                 | VARCHAR   | -1 | -2147483648",
        "text                 | VARCHAR   | -1 | -2147483648",
        "BOOLEAN              | BOOLEAN   | -1 | -2147483648",
        "DATE                 | DATE      | -1 | -2147483648",
        "TIME                 | TIME      | -1 | -2147483648",
        "TIMESTAMP            | TIMESTAMP | -1 | -2147483648",
        "TIMESTAMP(3)         | TIMESTAMP |  3 | -2147483648",
        "VARBINARY(32)        | VARBINARY | 32 | -2147483648",
        "BINARY(16)           | BINARY    | 16 | -2147483648",
    })
    void dataTypes(String written, SqlTypeName type, int precision, int scale) {
        SqlCreateTable create = parse("CREATE TABLE t (c " + written + ")", SqlCreateTable.class);

        SqlColumnDeclaration column = create.getColumns().get(0);
        assertEquals(type, typeName(column.getDataType()));
        assertEquals(precision, precision(column.getDataType()));
        assertEquals(scale, scale(column.getDataType()), "scale (" + RelDataType.SCALE_NOT_SPECIFIED + " is none)");
    }

    @Test
    void floatPrecisionOutsideOneToFiftyThreeIsRefused() {
        assertTrue(syntaxError("CREATE TABLE t (c FLOAT(54))").startsWith(
                "precision for type FLOAT must be between 1 and 53 bits, not 54 (line 1, column 19)"));
        syntaxError("CREATE TABLE t (c FLOAT(0))");
    }

    @Test
    void textIsATypeButNotAReservedWord() {
        SqlCreateTable create = parse("CREATE TABLE text (text TEXT, \"TEXT\" INT, index INT, hash INT, if INT)",
                SqlCreateTable.class);

        assertEquals("TEXT", name(create.getName()));
        assertEquals(List.of("TEXT", "TEXT", "INDEX", "HASH", "IF"),
                create.getColumns().stream().map(c -> name(c.getName())).toList());
        assertEquals(SqlTypeName.VARCHAR, typeName(create.getColumns().get(0).getDataType()));
        parse("SELECT text, index, hash FROM text WHERE text = 'x'", SqlNode.class);
        parse("CREATE TABLE if (a INT)", SqlCreateTable.class);
    }

    @Test
    void columnConstraintsInAnyOrderWithNames() {
        SqlCreateTable create = parse("CREATE TABLE t ("
                + "a INT DEFAULT 5 NOT NULL UNIQUE, "
                + "b INT UNIQUE NULL DEFAULT -1, "
                + "c INT CONSTRAINT pk_c PRIMARY KEY NOT NULL, "
                + "d INT REFERENCES other (x) ON DELETE CASCADE, "
                + "e INT CONSTRAINT fk_e REFERENCES s.other ON UPDATE RESTRICT ON DELETE SET NULL DEFAULT 0, "
                + "f INT PRIMARY KEY UNIQUE)", SqlCreateTable.class);
        List<SqlColumnDeclaration> columns = create.getColumns();

        SqlColumnDeclaration a = columns.get(0);
        assertEquals(Boolean.FALSE, a.getNullable());
        assertEquals("5", a.getDefaultValue().toString());
        assertEquals(ConstraintKind.UNIQUE, a.getConstraints().get(0).getConstraintKind());
        assertEquals(List.of("A"), names(a.getConstraints().get(0).getColumns()));

        SqlColumnDeclaration b = columns.get(1);
        assertEquals(Boolean.TRUE, b.getNullable());
        assertEquals("-1", SqlParsers.unparse(b.getDefaultValue()));

        SqlTableConstraint pk = columns.get(2).getConstraints().get(0);
        assertEquals(ConstraintKind.PRIMARY_KEY, pk.getConstraintKind());
        assertEquals("PK_C", name(pk.getName()));
        assertEquals(List.of("C"), names(pk.getColumns()));
        assertEquals(Boolean.FALSE, columns.get(2).getNullable());

        SqlTableConstraint fkD = columns.get(3).getConstraints().get(0);
        assertEquals(ConstraintKind.FOREIGN_KEY, fkD.getConstraintKind());
        assertNull(fkD.getName());
        assertEquals(List.of("D"), names(fkD.getColumns()));
        assertEquals("OTHER", name(fkD.getReferencedTable()));
        assertEquals(List.of("X"), names(fkD.getReferencedColumns()));
        assertEquals(ReferentialAction.CASCADE, fkD.getOnDelete());
        assertEquals(ReferentialAction.NO_ACTION, fkD.getOnUpdate());

        SqlTableConstraint fkE = columns.get(4).getConstraints().get(0);
        assertEquals("FK_E", name(fkE.getName()));
        assertEquals("S.OTHER", name(fkE.getReferencedTable()));
        assertEquals(List.of(), fkE.getReferencedColumns(), "only the table named: its primary key is meant");
        assertEquals(ReferentialAction.SET_NULL, fkE.getOnDelete());
        assertEquals(ReferentialAction.RESTRICT, fkE.getOnUpdate());
        assertEquals("0", columns.get(4).getDefaultValue().toString());

        assertEquals(List.of(ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE),
                columns.get(5).getConstraints().stream().map(SqlTableConstraint::getConstraintKind).toList());
        assertEquals(List.of(), create.getTableConstraints());
        assertEquals(7, create.getAllConstraints().size());
    }

    @Test
    void defaultExpressions() {
        SqlCreateTable create = parse("CREATE TABLE t ("
                + "a TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, "
                + "b DATE DEFAULT CURRENT_DATE, "
                + "c INT DEFAULT NULL, "
                + "d VARCHAR(10) DEFAULT 'it''s', "
                + "e INT DEFAULT 1 + 2 * 3, "
                + "f BOOLEAN DEFAULT TRUE NOT NULL, "
                + "g DECIMAL(5, 2) DEFAULT -0.5)", SqlCreateTable.class);
        List<SqlColumnDeclaration> columns = create.getColumns();

        // Calcite's parser reads niladic functions as identifiers; the validator makes them calls.
        assertEquals("CURRENT_TIMESTAMP", name((SqlIdentifier) columns.get(0).getDefaultValue()));
        assertEquals(Boolean.FALSE, columns.get(0).getNullable());
        assertEquals("CURRENT_DATE", name((SqlIdentifier) columns.get(1).getDefaultValue()));
        assertTrue(SqlUtil.isNullLiteral(columns.get(2).getDefaultValue(), false));
        assertNull(columns.get(2).getNullable());
        assertEquals("it's", ((SqlLiteral) columns.get(3).getDefaultValue()).getValueAs(String.class));
        assertEquals(SqlKind.PLUS, columns.get(4).getDefaultValue().getKind());
        assertEquals(Boolean.TRUE, ((SqlLiteral) columns.get(5).getDefaultValue()).getValueAs(Boolean.class));
        assertEquals(Boolean.FALSE, columns.get(5).getNullable());
        assertEquals("-0.5", SqlParsers.unparse(columns.get(6).getDefaultValue()));
    }

    @Test
    void tableConstraints() {
        SqlCreateTable create = parse("CREATE TABLE line (o INT, n INT, p INT, q INT, code CHAR(3), "
                + "CONSTRAINT pk_line PRIMARY KEY (o, n), "
                + "UNIQUE (code), "
                + "CONSTRAINT fk_order FOREIGN KEY (o) REFERENCES orders (id) ON DELETE CASCADE ON UPDATE NO ACTION, "
                + "FOREIGN KEY (p, q) REFERENCES product ON UPDATE CASCADE ON DELETE SET DEFAULT, "
                + "FOREIGN KEY (q) REFERENCES product (id) ON DELETE RESTRICT)", SqlCreateTable.class);
        List<SqlTableConstraint> constraints = create.getTableConstraints();

        assertEquals(5, constraints.size());
        assertEquals("PK_LINE", name(constraints.get(0).getName()));
        assertEquals(List.of("O", "N"), names(constraints.get(0).getColumns()));
        assertEquals(SqlKind.PRIMARY_KEY, constraints.get(0).getKind());
        assertEquals(ConstraintKind.UNIQUE, constraints.get(1).getConstraintKind());
        assertEquals(List.of("CODE"), names(constraints.get(1).getColumns()));

        SqlTableConstraint fkOrder = constraints.get(2);
        assertEquals(ConstraintKind.FOREIGN_KEY, fkOrder.getConstraintKind());
        assertEquals("FK_ORDER", name(fkOrder.getName()));
        assertEquals(List.of("O"), names(fkOrder.getColumns()));
        assertEquals("ORDERS", name(fkOrder.getReferencedTable()));
        assertEquals(List.of("ID"), names(fkOrder.getReferencedColumns()));
        assertEquals(ReferentialAction.CASCADE, fkOrder.getOnDelete());
        assertEquals(ReferentialAction.NO_ACTION, fkOrder.getOnUpdate());

        SqlTableConstraint fkProduct = constraints.get(3);
        assertEquals(List.of("P", "Q"), names(fkProduct.getColumns()));
        assertEquals(List.of(), fkProduct.getReferencedColumns());
        assertEquals(ReferentialAction.SET_DEFAULT, fkProduct.getOnDelete());
        assertEquals(ReferentialAction.CASCADE, fkProduct.getOnUpdate());
        assertEquals(ReferentialAction.RESTRICT, constraints.get(4).getOnDelete());
        assertEquals(List.of("ID"), names(constraints.get(4).getReferencedColumns()));
    }

    @Test
    void distributeByHash() {
        SqlCreateTable create = parse("CREATE TABLE stock (w INT, i INT, q INT, PRIMARY KEY (w, i)) "
                + "DISTRIBUTE BY HASH (w, i)", SqlCreateTable.class);

        assertEquals(List.of("W", "I"), names(create.getDistributeBy()));
    }

    @Test
    void repeatedOrConflictingColumnOptionsAreRefused() {
        assertTrue(syntaxError("CREATE TABLE t (a INT NOT NULL NULL)")
                .startsWith("conflicting or redundant NULL/NOT NULL declarations for column A (line 1, column 32)"));
        syntaxError("CREATE TABLE t (a INT NULL NULL)");
        assertTrue(syntaxError("CREATE TABLE t (a INT DEFAULT 1 DEFAULT 2)")
                .startsWith("multiple default values specified for column A"));
        assertTrue(syntaxError("CREATE TABLE t (a INT REFERENCES p ON DELETE CASCADE ON DELETE RESTRICT)")
                .startsWith("ON DELETE is given twice"));
    }

    @Test
    void malformedTablesAreRefused() {
        assertTrue(syntaxError("CREATE OR REPLACE TABLE t (a INT)")
                .startsWith("CREATE OR REPLACE is not supported for tables"));
        syntaxError("CREATE TABLE t ()");
        syntaxError("CREATE TABLE t (a INT,)");
        syntaxError("CREATE TABLE t (a)");
        syntaxError("CREATE TABLE t (PRIMARY KEY)");
        syntaxError("CREATE TABLE t (a INT) DISTRIBUTE BY HASH ()");
    }

    @Test
    void columnDeclarationKeepsTheTypeSpecWithoutNullability() {
        SqlColumnDeclaration column = parse("CREATE TABLE t (a VARCHAR(5) NOT NULL)", SqlCreateTable.class)
                .getColumns().get(0);

        assertInstanceOf(SqlColumnDeclaration.class, column);
        assertEquals(SqlKind.COLUMN_DECL, column.getKind());
        assertNull(column.getDataType().getNullable(), "nullability lives in the declaration, not the type");
    }
}
