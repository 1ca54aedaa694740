package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * A column in CREATE TABLE or ALTER TABLE ADD COLUMN: {@code name type [NOT NULL | NULL]
 * [DEFAULT expr] [inline constraints]}. Nullability is kept as written ({@code null} when the
 * statement says neither), apart from the type, so that the catalog decides what a PRIMARY KEY
 * without NOT NULL means. Inline constraints are {@link SqlTableConstraint}s on this one column.
 */
public final class SqlColumnDeclaration extends SqlCall {
    static final SqlOperator OPERATOR =
            new NodeOperator("COLUMN", SqlKind.COLUMN_DECL, SqlColumnDeclaration::fromOperands);

    private final SqlIdentifier name;
    private final SqlDataTypeSpec dataType;
    private final Boolean nullable;
    private final SqlNode defaultValue;
    private final SqlNodeList constraints;

    public SqlColumnDeclaration(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec dataType, Boolean nullable,
            SqlNode defaultValue, SqlNodeList constraints) {
        super(pos);
        this.name = Objects.requireNonNull(name, "name");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.nullable = nullable;
        this.defaultValue = defaultValue;
        this.constraints = Objects.requireNonNull(constraints, "constraints");
    }

    private static SqlColumnDeclaration fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlColumnDeclaration(pos, (SqlIdentifier) operands.get(0), (SqlDataTypeSpec) operands.get(1),
                Operands.optionalFlag(operands.get(2)), operands.get(3), (SqlNodeList) operands.get(4));
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, dataType, Operands.optionalFlag(nullable), defaultValue, constraints);
    }

    public SqlIdentifier getName() {
        return name;
    }

    /** The type as written (TEXT reads as VARCHAR, FLOAT(p) as REAL or DOUBLE). */
    public SqlDataTypeSpec getDataType() {
        return dataType;
    }

    /** {@code FALSE} for NOT NULL, {@code TRUE} for NULL, {@code null} when neither is written. */
    public Boolean getNullable() {
        return nullable;
    }

    /** The DEFAULT expression, or {@code null} when there is none (DEFAULT NULL gives a NULL literal). */
    public SqlNode getDefaultValue() {
        return defaultValue;
    }

    /** The inline PRIMARY KEY, UNIQUE and REFERENCES constraints, in the order written. */
    public List<SqlTableConstraint> getConstraints() {
        return Operands.elements(constraints, SqlTableConstraint.class);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        dataType.unparse(writer, 0, 0);
        if (nullable != null) {
            writer.keyword(nullable ? "NULL" : "NOT NULL");
        }
        if (defaultValue != null) {
            writer.keyword("DEFAULT");
            defaultValue.unparse(writer, 0, 0);
        }
        for (SqlTableConstraint constraint : getConstraints()) {
            constraint.unparseInline(writer);
        }
    }
}
