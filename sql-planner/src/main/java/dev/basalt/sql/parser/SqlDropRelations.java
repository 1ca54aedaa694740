package dev.basalt.sql.parser;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/** {@code DROP <what> [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]}: what DROP TABLE and DROP VIEW share. */
abstract class SqlDropRelations extends SqlDrop {
    private final String keywords;
    private final SqlNodeList names;
    private final DropBehavior behavior;

    SqlDropRelations(SqlOperator operator, String keywords, SqlParserPos pos, boolean ifExists, SqlNodeList names, DropBehavior behavior) {
        super(operator, pos, ifExists);
        this.keywords = keywords;
        this.names = Objects.requireNonNull(names, "names");
        this.behavior = Objects.requireNonNull(behavior, "behavior");
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(Operands.flag(ifExists), names, Operands.symbol(behavior));
    }

    /** The relations to drop, in order. */
    public List<SqlIdentifier> getNames() {
        return Operands.elements(names, SqlIdentifier.class);
    }

    public boolean isIfExists() {
        return ifExists;
    }

    /** RESTRICT unless CASCADE is written. */
    public DropBehavior getBehavior() {
        return behavior;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(keywords);
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        Unparsing.commaList(writer, names);
        if (behavior == DropBehavior.CASCADE) {
            writer.keyword("CASCADE");
        }
    }
}
