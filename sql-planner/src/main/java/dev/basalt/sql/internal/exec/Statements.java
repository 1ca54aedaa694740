package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.parser.IsolationLevel;
import dev.basalt.sql.parser.SqlAlterTableAddColumn;
import dev.basalt.sql.parser.SqlBeginTransaction;
import dev.basalt.sql.parser.SqlCommit;
import dev.basalt.sql.parser.SqlCreateIndex;
import dev.basalt.sql.parser.SqlCreateTable;
import dev.basalt.sql.parser.SqlCreateView;
import dev.basalt.sql.parser.SqlDropIndex;
import dev.basalt.sql.parser.SqlDropTable;
import dev.basalt.sql.parser.SqlDropView;
import dev.basalt.sql.parser.SqlRollback;
import dev.basalt.sql.parser.SqlSelectForUpdate;
import dev.basalt.sql.parser.SqlParsers;
import dev.basalt.sql.parser.SqlSetTransaction;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/** What kind of statement a parsed node is, and small helpers on SQL text. */
final class Statements {
    /** SQL quoted in an error message is cut to this many characters. */
    static final int QUOTED_SQL_CHARS_MAX = 200;

    private Statements() {
    }

    static boolean isDdl(SqlNode node) {
        return node instanceof SqlCreateTable || node instanceof SqlDropTable || node instanceof SqlCreateIndex
                || node instanceof SqlDropIndex || node instanceof SqlCreateView || node instanceof SqlDropView
                || node instanceof SqlAlterTableAddColumn || UserStatements.isUserStatement(node);
    }

    static boolean isControl(SqlNode node) {
        return node instanceof SqlBeginTransaction || node instanceof SqlCommit || node instanceof SqlRollback
                || node instanceof SqlSetTransaction;
    }

    static Execution.ControlKind controlKind(SqlNode node) {
        if (node instanceof SqlBeginTransaction) {
            return Execution.ControlKind.BEGIN;
        }
        if (node instanceof SqlCommit) {
            return Execution.ControlKind.COMMIT;
        }
        if (node instanceof SqlRollback) {
            return Execution.ControlKind.ROLLBACK;
        }
        return Execution.ControlKind.SET_ISOLATION;
    }

    /** The isolation level a BEGIN / START TRANSACTION / SET TRANSACTION names, or null. */
    static dev.basalt.txn.IsolationLevel controlIsolation(SqlNode node) {
        IsolationLevel level = node instanceof SqlBeginTransaction b ? b.getIsolationLevel()
                : node instanceof SqlSetTransaction s ? s.getIsolationLevel() : null;
        if (level == null) {
            return null;
        }
        return switch (level) {
            case READ_UNCOMMITTED, READ_COMMITTED -> dev.basalt.txn.IsolationLevel.READ_COMMITTED;
            case REPEATABLE_READ -> dev.basalt.txn.IsolationLevel.SNAPSHOT;
            case SERIALIZABLE -> throw new BasaltException(ErrorCode.ISOLATION_NOT_SUPPORTED, "isolation level SERIALIZABLE is not "
                    + "provided: Basalt does not yet detect the read-write conflicts it needs; REPEATABLE READ gives snapshot isolation");
        };
    }

    static boolean isForUpdate(SqlNode node) {
        return node instanceof SqlSelectForUpdate;
    }

    static SqlNode forUpdateQuery(SqlNode node) {
        return ((SqlSelectForUpdate) node).getQuery();
    }

    /**
     * {@code SELECT * FROM <from> [WHERE <where>]} of a FOR UPDATE query: the rows it locks. The
     * query's ORDER BY and LIMIT are left out, so it may lock more rows than it returns, never fewer.
     */
    static String lockQuery(SqlNode query) {
        SqlNode body = query instanceof SqlOrderBy o ? o.query : query;
        if (!(body instanceof SqlSelect select) || select.getGroup() != null || select.getHaving() != null || select.isDistinct()) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "FOR UPDATE is supported on a plain SELECT of one table "
                    + "(no GROUP BY, HAVING or DISTINCT)");
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(unparse(select.getFrom()));
        if (select.getWhere() != null) {
            sql.append(" WHERE ").append(unparse(select.getWhere()));
        }
        return sql.toString();
    }

    /** SQL text that parses back to {@code node} in Basalt's grammar. */
    static String unparse(SqlNode node) {
        return SqlParsers.unparse(node);
    }

    static String abbreviate(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() > QUOTED_SQL_CHARS_MAX ? flat.substring(0, QUOTED_SQL_CHARS_MAX) + "..." : flat;
    }
}
