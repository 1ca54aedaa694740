package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.wire.ColumnMeta;
import java.sql.Types;
import java.util.List;

/**
 * The columns of every result set {@link java.sql.DatabaseMetaData} returns, exactly as its javadoc
 * lists them: labels, order and Java types ({@code String} as VARCHAR, {@code int} as INTEGER,
 * {@code short} as SMALLINT, {@code long} as BIGINT, {@code boolean} as BOOLEAN). The javadoc leaves
 * three columns of getProcedures unnamed ("reserved for future use"); they are RESERVED1 to
 * RESERVED3 here. Every column is reported nullable.
 */
final class MetadataColumns {
    static final List<ColumnMeta> CATALOGS = columns(text("TABLE_CAT"));

    static final List<ColumnMeta> SCHEMAS = columns(text("TABLE_SCHEM"), text("TABLE_CATALOG"));

    static final List<ColumnMeta> TABLE_TYPES = columns(text("TABLE_TYPE"));

    static final List<ColumnMeta> TABLES = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("TABLE_TYPE"),
            text("REMARKS"), text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"), text("SELF_REFERENCING_COL_NAME"),
            text("REF_GENERATION"));

    static final List<ColumnMeta> COLUMNS = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("COLUMN_NAME"),
            integer("DATA_TYPE"), text("TYPE_NAME"), integer("COLUMN_SIZE"), integer("BUFFER_LENGTH"), integer("DECIMAL_DIGITS"),
            integer("NUM_PREC_RADIX"), integer("NULLABLE"), text("REMARKS"), text("COLUMN_DEF"), integer("SQL_DATA_TYPE"),
            integer("SQL_DATETIME_SUB"), integer("CHAR_OCTET_LENGTH"), integer("ORDINAL_POSITION"), text("IS_NULLABLE"),
            text("SCOPE_CATALOG"), text("SCOPE_SCHEMA"), text("SCOPE_TABLE"), small("SOURCE_DATA_TYPE"), text("IS_AUTOINCREMENT"),
            text("IS_GENERATEDCOLUMN"));

    static final List<ColumnMeta> PRIMARY_KEYS = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("COLUMN_NAME"),
            small("KEY_SEQ"), text("PK_NAME"));

    /** getImportedKeys, getExportedKeys and getCrossReference. */
    static final List<ColumnMeta> KEYS = columns(text("PKTABLE_CAT"), text("PKTABLE_SCHEM"), text("PKTABLE_NAME"), text("PKCOLUMN_NAME"),
            text("FKTABLE_CAT"), text("FKTABLE_SCHEM"), text("FKTABLE_NAME"), text("FKCOLUMN_NAME"), small("KEY_SEQ"), small("UPDATE_RULE"),
            small("DELETE_RULE"), text("FK_NAME"), text("PK_NAME"), small("DEFERRABILITY"));

    static final List<ColumnMeta> INDEX_INFO = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), bool("NON_UNIQUE"),
            text("INDEX_QUALIFIER"), text("INDEX_NAME"), small("TYPE"), small("ORDINAL_POSITION"), text("COLUMN_NAME"), text("ASC_OR_DESC"),
            bigint("CARDINALITY"), bigint("PAGES"), text("FILTER_CONDITION"));

    /** getBestRowIdentifier and getVersionColumns. */
    static final List<ColumnMeta> ROW_IDENTIFIER = columns(small("SCOPE"), text("COLUMN_NAME"), integer("DATA_TYPE"), text("TYPE_NAME"),
            integer("COLUMN_SIZE"), integer("BUFFER_LENGTH"), small("DECIMAL_DIGITS"), small("PSEUDO_COLUMN"));

    static final List<ColumnMeta> TYPE_INFO = columns(text("TYPE_NAME"), integer("DATA_TYPE"), integer("PRECISION"), text("LITERAL_PREFIX"),
            text("LITERAL_SUFFIX"), text("CREATE_PARAMS"), small("NULLABLE"), bool("CASE_SENSITIVE"), small("SEARCHABLE"),
            bool("UNSIGNED_ATTRIBUTE"), bool("FIXED_PREC_SCALE"), bool("AUTO_INCREMENT"), text("LOCAL_TYPE_NAME"), small("MINIMUM_SCALE"),
            small("MAXIMUM_SCALE"), integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"), integer("NUM_PREC_RADIX"));

    static final List<ColumnMeta> TABLE_PRIVILEGES = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("GRANTOR"),
            text("GRANTEE"), text("PRIVILEGE"), text("IS_GRANTABLE"));

    static final List<ColumnMeta> COLUMN_PRIVILEGES = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("COLUMN_NAME"), text("GRANTOR"), text("GRANTEE"), text("PRIVILEGE"), text("IS_GRANTABLE"));

    static final List<ColumnMeta> PROCEDURES = columns(text("PROCEDURE_CAT"), text("PROCEDURE_SCHEM"), text("PROCEDURE_NAME"),
            text("RESERVED1"), text("RESERVED2"), text("RESERVED3"), text("REMARKS"), small("PROCEDURE_TYPE"), text("SPECIFIC_NAME"));

    static final List<ColumnMeta> PROCEDURE_COLUMNS = columns(text("PROCEDURE_CAT"), text("PROCEDURE_SCHEM"), text("PROCEDURE_NAME"),
            text("COLUMN_NAME"), small("COLUMN_TYPE"), integer("DATA_TYPE"), text("TYPE_NAME"), integer("PRECISION"), integer("LENGTH"),
            small("SCALE"), small("RADIX"), small("NULLABLE"), text("REMARKS"), text("COLUMN_DEF"), integer("SQL_DATA_TYPE"),
            integer("SQL_DATETIME_SUB"), integer("CHAR_OCTET_LENGTH"), integer("ORDINAL_POSITION"), text("IS_NULLABLE"),
            text("SPECIFIC_NAME"));

    static final List<ColumnMeta> FUNCTIONS = columns(text("FUNCTION_CAT"), text("FUNCTION_SCHEM"), text("FUNCTION_NAME"), text("REMARKS"),
            small("FUNCTION_TYPE"), text("SPECIFIC_NAME"));

    static final List<ColumnMeta> FUNCTION_COLUMNS = columns(text("FUNCTION_CAT"), text("FUNCTION_SCHEM"), text("FUNCTION_NAME"),
            text("COLUMN_NAME"), small("COLUMN_TYPE"), integer("DATA_TYPE"), text("TYPE_NAME"), integer("PRECISION"), integer("LENGTH"),
            small("SCALE"), small("RADIX"), small("NULLABLE"), text("REMARKS"), integer("CHAR_OCTET_LENGTH"), integer("ORDINAL_POSITION"),
            text("IS_NULLABLE"), text("SPECIFIC_NAME"));

    static final List<ColumnMeta> UDTS = columns(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"), text("CLASS_NAME"),
            integer("DATA_TYPE"), text("REMARKS"), small("BASE_TYPE"));

    static final List<ColumnMeta> SUPER_TYPES = columns(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"), text("SUPERTYPE_CAT"),
            text("SUPERTYPE_SCHEM"), text("SUPERTYPE_NAME"));

    static final List<ColumnMeta> SUPER_TABLES = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("SUPERTABLE_NAME"));

    static final List<ColumnMeta> ATTRIBUTES = columns(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"), text("ATTR_NAME"),
            integer("DATA_TYPE"), text("ATTR_TYPE_NAME"), integer("ATTR_SIZE"), integer("DECIMAL_DIGITS"), integer("NUM_PREC_RADIX"),
            integer("NULLABLE"), text("REMARKS"), text("ATTR_DEF"), integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"),
            integer("CHAR_OCTET_LENGTH"), integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SCOPE_CATALOG"), text("SCOPE_SCHEMA"),
            text("SCOPE_TABLE"), small("SOURCE_DATA_TYPE"));

    static final List<ColumnMeta> PSEUDO_COLUMNS = columns(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"), text("COLUMN_NAME"),
            integer("DATA_TYPE"), integer("COLUMN_SIZE"), integer("DECIMAL_DIGITS"), integer("NUM_PREC_RADIX"), text("COLUMN_USAGE"),
            text("REMARKS"), integer("CHAR_OCTET_LENGTH"), text("IS_NULLABLE"));

    static final List<ColumnMeta> CLIENT_INFO_PROPERTIES = columns(text("NAME"), integer("MAX_LEN"), text("DEFAULT_VALUE"),
            text("DESCRIPTION"));

    private MetadataColumns() {
    }

    private static List<ColumnMeta> columns(ColumnMeta... columns) {
        return List.of(columns);
    }

    private static ColumnMeta text(String label) {
        return new ColumnMeta(label, label, "", Types.VARCHAR, "VARCHAR", 0, 0, true);
    }

    private static ColumnMeta integer(String label) {
        return new ColumnMeta(label, label, "", Types.INTEGER, "INTEGER", 0, 0, true);
    }

    private static ColumnMeta small(String label) {
        return new ColumnMeta(label, label, "", Types.SMALLINT, "SMALLINT", 0, 0, true);
    }

    private static ColumnMeta bigint(String label) {
        return new ColumnMeta(label, label, "", Types.BIGINT, "BIGINT", 0, 0, true);
    }

    private static ColumnMeta bool(String label) {
        return new ColumnMeta(label, label, "", Types.BOOLEAN, "BOOLEAN", 0, 0, true);
    }
}
