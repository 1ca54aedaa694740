package dev.basalt.sql.parser;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * A PRIMARY KEY, UNIQUE or FOREIGN KEY constraint, written either after the columns of CREATE
 * TABLE or inline in a column definition (then its only column is that column, and
 * {@link SqlColumnDeclaration#getConstraints()} holds it). A foreign key's referenced columns are
 * empty when the statement names only the table (the referenced table's primary key is meant);
 * its actions are {@link ReferentialAction#NO_ACTION} where none is written.
 */
public final class SqlTableConstraint extends SqlCall {
    private static final Map<ConstraintKind, SqlOperator> OPERATORS = new EnumMap<>(ConstraintKind.class);

    static {
        for (ConstraintKind kind : ConstraintKind.values()) {
            OPERATORS.put(kind, new NodeOperator(kind.sql(), kind.sqlKind(),
                    (pos, operands) -> fromOperands(kind, pos, operands)));
        }
    }

    private final ConstraintKind constraintKind;
    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlIdentifier referencedTable;
    private final SqlNodeList referencedColumns;
    private final ReferentialAction onDelete;
    private final ReferentialAction onUpdate;

    private SqlTableConstraint(SqlParserPos pos, ConstraintKind constraintKind, SqlIdentifier name, SqlNodeList columns,
            SqlIdentifier referencedTable, SqlNodeList referencedColumns, ReferentialAction onDelete,
            ReferentialAction onUpdate) {
        super(pos);
        this.constraintKind = Objects.requireNonNull(constraintKind, "constraintKind");
        this.name = name;
        this.columns = Objects.requireNonNull(columns, "columns");
        this.referencedTable = referencedTable;
        this.referencedColumns = Objects.requireNonNull(referencedColumns, "referencedColumns");
        this.onDelete = Objects.requireNonNull(onDelete, "onDelete");
        this.onUpdate = Objects.requireNonNull(onUpdate, "onUpdate");
        if ((constraintKind == ConstraintKind.FOREIGN_KEY) != (referencedTable != null)) {
            throw new IllegalArgumentException("a referenced table goes with FOREIGN KEY and only with it");
        }
    }

    /** [CONSTRAINT name] PRIMARY KEY (columns); {@code name} may be {@code null}. */
    public static SqlTableConstraint primaryKey(SqlParserPos pos, SqlIdentifier name, SqlNodeList columns) {
        return new SqlTableConstraint(pos, ConstraintKind.PRIMARY_KEY, name, columns, null, SqlNodeList.EMPTY,
                ReferentialAction.NO_ACTION, ReferentialAction.NO_ACTION);
    }

    /** [CONSTRAINT name] UNIQUE (columns); {@code name} may be {@code null}. */
    public static SqlTableConstraint unique(SqlParserPos pos, SqlIdentifier name, SqlNodeList columns) {
        return new SqlTableConstraint(pos, ConstraintKind.UNIQUE, name, columns, null, SqlNodeList.EMPTY,
                ReferentialAction.NO_ACTION, ReferentialAction.NO_ACTION);
    }

    /** [CONSTRAINT name] FOREIGN KEY (columns) REFERENCES table [(referencedColumns)] ON DELETE ... ON UPDATE .... */
    public static SqlTableConstraint foreignKey(SqlParserPos pos, SqlIdentifier name, SqlNodeList columns,
            SqlIdentifier referencedTable, SqlNodeList referencedColumns, ReferentialAction onDelete,
            ReferentialAction onUpdate) {
        return new SqlTableConstraint(pos, ConstraintKind.FOREIGN_KEY, name, columns,
                Objects.requireNonNull(referencedTable, "referencedTable"), referencedColumns, onDelete, onUpdate);
    }

    private static SqlTableConstraint fromOperands(ConstraintKind kind, SqlParserPos pos, List<SqlNode> operands) {
        return new SqlTableConstraint(pos, kind, (SqlIdentifier) operands.get(0), (SqlNodeList) operands.get(1),
                (SqlIdentifier) operands.get(2), (SqlNodeList) operands.get(3),
                Operands.symbol(operands.get(4), ReferentialAction.class),
                Operands.symbol(operands.get(5), ReferentialAction.class));
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATORS.get(constraintKind);
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, columns, referencedTable, referencedColumns,
                Operands.symbol(onDelete), Operands.symbol(onUpdate));
    }

    public ConstraintKind getConstraintKind() {
        return constraintKind;
    }

    /** The name given with CONSTRAINT, or {@code null}. */
    public SqlIdentifier getName() {
        return name;
    }

    /** The constrained columns, in order. */
    public List<SqlIdentifier> getColumns() {
        return Operands.elements(columns, SqlIdentifier.class);
    }

    /** The table a foreign key references; {@code null} for other constraints. */
    public SqlIdentifier getReferencedTable() {
        return referencedTable;
    }

    /** The referenced columns of a foreign key; empty when only the table is named, and for other constraints. */
    public List<SqlIdentifier> getReferencedColumns() {
        return Operands.elements(referencedColumns, SqlIdentifier.class);
    }

    public ReferentialAction getOnDelete() {
        return onDelete;
    }

    public ReferentialAction getOnUpdate() {
        return onUpdate;
    }

    /** As a table constraint: {@code [CONSTRAINT n] FOREIGN KEY (a) REFERENCES t (b) ...}. */
    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        unparseName(writer);
        writer.keyword(constraintKind.sql());
        Unparsing.parenthesized(writer, columns);
        unparseReferences(writer);
    }

    /** As a column constraint, whose column is implied: {@code [CONSTRAINT n] REFERENCES t (b) ...}. */
    void unparseInline(SqlWriter writer) {
        unparseName(writer);
        if (constraintKind == ConstraintKind.FOREIGN_KEY) {
            unparseReferences(writer);
        } else {
            writer.keyword(constraintKind.sql());
        }
    }

    private void unparseName(SqlWriter writer) {
        if (name != null) {
            writer.keyword("CONSTRAINT");
            name.unparse(writer, 0, 0);
        }
    }

    private void unparseReferences(SqlWriter writer) {
        if (referencedTable == null) {
            return;
        }
        writer.keyword("REFERENCES");
        referencedTable.unparse(writer, 0, 0);
        if (!referencedColumns.isEmpty()) {
            Unparsing.parenthesized(writer, referencedColumns);
        }
        // NO ACTION is what an absent clause means, so leaving it out reads back the same.
        if (onDelete != ReferentialAction.NO_ACTION) {
            writer.keyword("ON DELETE");
            writer.keyword(onDelete.sql());
        }
        if (onUpdate != ReferentialAction.NO_ACTION) {
            writer.keyword("ON UPDATE");
            writer.keyword(onUpdate.sql());
        }
    }
}
