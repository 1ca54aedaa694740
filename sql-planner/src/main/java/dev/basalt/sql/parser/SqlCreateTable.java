package dev.basalt.sql.parser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name (element, ...) [DISTRIBUTE BY HASH (col, ...)]}, where an
 * element is a column or a table constraint. The parser checks syntax only: duplicate columns, two
 * primary keys or constraints on unknown columns are for the catalog to refuse.
 */
public final class SqlCreateTable extends SqlCreate {
    static final SqlOperator OPERATOR =
            new NodeOperator("CREATE TABLE", SqlKind.CREATE_TABLE, SqlCreateTable::fromOperands);

    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlNodeList constraints;
    private final SqlNodeList distributeBy;

    /**
     * @param columns {@link SqlColumnDeclaration}s
     * @param constraints the table constraints, {@link SqlTableConstraint}s
     * @param distributeBy the columns of DISTRIBUTE BY HASH, empty when absent
     */
    public SqlCreateTable(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name, SqlNodeList columns,
            SqlNodeList constraints, SqlNodeList distributeBy) {
        super(OPERATOR, pos, false, ifNotExists);
        this.name = Objects.requireNonNull(name, "name");
        this.columns = Objects.requireNonNull(columns, "columns");
        this.constraints = Objects.requireNonNull(constraints, "constraints");
        this.distributeBy = Objects.requireNonNull(distributeBy, "distributeBy");
    }

    private static SqlCreateTable fromOperands(SqlParserPos pos, List<SqlNode> operands) {
        return new SqlCreateTable(pos, Operands.flag(operands.get(0)), (SqlIdentifier) operands.get(1),
                (SqlNodeList) operands.get(2), (SqlNodeList) operands.get(3), (SqlNodeList) operands.get(4));
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.flag(ifNotExists), name, columns, constraints, distributeBy);
    }

    public SqlIdentifier getName() {
        return name;
    }

    public boolean isIfNotExists() {
        return ifNotExists;
    }

    /** The columns, in order. */
    public List<SqlColumnDeclaration> getColumns() {
        return Operands.elements(columns, SqlColumnDeclaration.class);
    }

    /** The constraints written after the columns (not those inline in a column). */
    public List<SqlTableConstraint> getTableConstraints() {
        return Operands.elements(constraints, SqlTableConstraint.class);
    }

    /** Every constraint: the inline ones of each column in column order, then the table constraints. */
    public List<SqlTableConstraint> getAllConstraints() {
        final List<SqlTableConstraint> all = new ArrayList<>();
        for (SqlColumnDeclaration column : getColumns()) {
            all.addAll(column.getConstraints());
        }
        all.addAll(getTableConstraints());
        return Collections.unmodifiableList(all);
    }

    /** The columns of DISTRIBUTE BY HASH; empty when the clause is absent. */
    public List<SqlIdentifier> getDistributeBy() {
        return Operands.elements(distributeBy, SqlIdentifier.class);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        final SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode element : columns) {
            writer.sep(",");
            element.unparse(writer, 0, 0);
        }
        for (SqlNode element : constraints) {
            writer.sep(",");
            element.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        if (!distributeBy.isEmpty()) {
            writer.keyword("DISTRIBUTE BY HASH");
            Unparsing.parenthesized(writer, distributeBy);
        }
    }
}
