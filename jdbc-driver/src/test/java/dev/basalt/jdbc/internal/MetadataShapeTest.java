package dev.basalt.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DatabaseMetaData answers the driver gives without asking the server, against a fake node:
 * result sets with exactly the javadoc's columns, the table types, the type list, the catalog of
 * the URL, and the translation of JDBC name patterns to LIKE patterns. (Answers that need the
 * catalog are tested against a real node in the server module's DatabaseMetaDataTest.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetadataShapeTest {
    private static List<String> labels(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnLabel(i));
        }
        return out;
    }

    private static List<String> column(ResultSet rs, String label) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(label));
        }
        return out;
    }

    @Test
    void patternsHonourTheSearchStringEscape() {
        assertEquals("ORDER\\_LINE", NamePatterns.pattern("ORDER\\_LINE"));
        assertEquals("ORDER_LINE", NamePatterns.pattern("ORDER_LINE"), "an unescaped _ is a wildcard");
        assertEquals("%", NamePatterns.pattern(null));
        assertEquals("%", NamePatterns.pattern(""));
        assertEquals("%", NamePatterns.pattern("%"));
        assertEquals("A\\%B\\\\C", NamePatterns.pattern("A\\%B\\\\C"));
        assertEquals("AxB", NamePatterns.pattern("A\\xB"), "an escape before an ordinary character stands for it");
        assertEquals("AB\\\\", NamePatterns.pattern("AB\\"), "a trailing escape stands for itself");
        assertEquals("ORDER\\_LINE", NamePatterns.name("ORDER_LINE"), "a name matches exactly");
        assertEquals("A\\%\\\\", NamePatterns.name("A%\\"));
        assertEquals("%", NamePatterns.name("%"), "a table name of % reads a whole schema");
        assertEquals("%", NamePatterns.name(null));
    }

    @Test
    void tableTypesAreExactlyTheThreeStandardOnes() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = ConnectionTest.open(node); ResultSet rs = c.getMetaData().getTableTypes()) {
            assertEquals(List.of("TABLE_TYPE"), labels(rs));
            assertEquals(List.of("SYSTEM TABLE", "TABLE", "VIEW"), column(rs, "TABLE_TYPE"));
        }
    }

    @Test
    void theCatalogIsTheDatabaseOfTheUrl() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = ConnectionTest.open(node); ResultSet rs = c.getMetaData().getCatalogs()) {
            assertEquals(List.of("TABLE_CAT"), labels(rs));
            assertEquals(List.of(c.getCatalog()), column(rs, "TABLE_CAT"));
            assertEquals("shop", c.getCatalog());
        }
    }

    @Test
    void typeInfoListsBasaltsTypesByDataType() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = ConnectionTest.open(node); ResultSet rs = c.getMetaData().getTypeInfo()) {
            assertEquals(List.of("TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS", "NULLABLE",
                    "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE", "AUTO_INCREMENT", "LOCAL_TYPE_NAME",
                    "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "NUM_PREC_RADIX"), labels(rs));
            List<String> names = new ArrayList<>();
            int previous = Integer.MIN_VALUE;
            while (rs.next()) {
                names.add(rs.getString("TYPE_NAME"));
                assertTrue(rs.getInt("DATA_TYPE") > previous, "ordered by DATA_TYPE");
                previous = rs.getInt("DATA_TYPE");
                if (rs.getString("TYPE_NAME").equals("DECIMAL")) {
                    assertEquals(Types.DECIMAL, rs.getInt("DATA_TYPE"));
                    assertEquals(38, rs.getInt("PRECISION"));
                    assertEquals("precision,scale", rs.getString("CREATE_PARAMS"));
                    assertEquals(38, rs.getShort("MAXIMUM_SCALE"));
                    assertEquals(10, rs.getInt("NUM_PREC_RADIX"));
                }
                if (rs.getString("TYPE_NAME").equals("VARCHAR")) {
                    assertTrue(rs.getBoolean("CASE_SENSITIVE"));
                    assertEquals("'", rs.getString("LITERAL_PREFIX"));
                    assertEquals(DatabaseMetaData.typeNullable, rs.getShort("NULLABLE"));
                }
            }
            assertEquals(List.of("BIGINT", "VARBINARY", "CHAR", "NUMERIC", "DECIMAL", "INTEGER", "SMALLINT", "REAL", "DOUBLE", "VARCHAR",
                    "BOOLEAN", "DATE", "TIME", "TIMESTAMP"), names);
        }
    }

    @Test
    void whatBasaltDoesNotHaveIsEmptyWithTheJavadocsColumns() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = ConnectionTest.open(node)) {
            DatabaseMetaData md = c.getMetaData();
            List<ResultSet> empty = List.of(md.getProcedures(null, null, "%"), md.getProcedureColumns(null, null, "%", "%"),
                    md.getFunctions(null, null, "%"), md.getFunctionColumns(null, null, "%", "%"), md.getUDTs(null, null, "%", null),
                    md.getSuperTypes(null, null, "%"), md.getSuperTables(null, null, "%"), md.getAttributes(null, null, "%", "%"),
                    md.getTablePrivileges(null, null, "%"), md.getColumnPrivileges(null, null, "T", "%"),
                    md.getVersionColumns(null, null, "T"), md.getPseudoColumns(null, null, "%", "%"), md.getClientInfoProperties());
            List<Integer> widths = new ArrayList<>();
            for (ResultSet rs : empty) {
                assertFalse(rs.next());
                widths.add(rs.getMetaData().getColumnCount());
                rs.close();
            }
            assertEquals(List.of(9, 20, 6, 17, 7, 6, 4, 21, 7, 8, 8, 12, 4), widths);
            try (ResultSet rs = md.getProcedures(null, null, "%")) {
                assertEquals(List.of("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2", "RESERVED3", "REMARKS",
                        "PROCEDURE_TYPE", "SPECIFIC_NAME"), labels(rs));
            }
            try (ResultSet rs = md.getPseudoColumns(null, null, "%", "%")) {
                assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "COLUMN_SIZE", "DECIMAL_DIGITS",
                        "NUM_PREC_RADIX", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH", "IS_NULLABLE"), labels(rs));
                assertEquals(Types.INTEGER, rs.getMetaData().getColumnType(5));
            }
        }
    }

    @Test
    void aCatalogOtherThanTheConnectionsMatchesNothingWithoutARoundTrip() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = ConnectionTest.open(node)) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables("elsewhere", null, "%", null)) {
                assertEquals(10, rs.getMetaData().getColumnCount());
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getColumns("elsewhere", null, "%", "%")) {
                assertEquals(24, rs.getMetaData().getColumnCount());
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getTables(null, null, "%", new String[0])) {
                assertFalse(rs.next(), "no type asked for, no table");
            }
            assertEquals(List.of("CONNECT"), node.methods());
        }
    }
}
