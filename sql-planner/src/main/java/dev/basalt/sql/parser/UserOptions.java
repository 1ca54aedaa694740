package dev.basalt.sql.parser;

import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlWriter;

/** The options CREATE USER and ALTER USER share, written back as SQL. */
final class UserOptions {
    private UserOptions() {
    }

    /**
     * {@code PASSWORD '...' [SUPERUSER | NOSUPERUSER]}. The password is written as it was given,
     * so that the statement parses back to an equal tree: like the SQL text itself, an unparsed
     * CREATE or ALTER USER holds a password and must not be logged.
     */
    static void unparse(SqlWriter writer, SqlLiteral password, Boolean superuser) {
        if (password != null) {
            writer.keyword("PASSWORD");
            password.unparse(writer, 0, 0);
        }
        if (superuser != null) {
            writer.keyword(superuser ? "SUPERUSER" : "NOSUPERUSER");
        }
    }
}
