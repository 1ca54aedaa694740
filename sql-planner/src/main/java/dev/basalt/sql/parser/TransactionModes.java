package dev.basalt.sql.parser;

import org.apache.calcite.sql.SqlWriter;

/**
 * The transaction modes of BEGIN, START TRANSACTION and SET TRANSACTION: an isolation level and an
 * access mode, each {@code null} where the statement does not say.
 *
 * @param isolationLevel the level asked for, or {@code null}
 * @param readOnly {@code TRUE} for READ ONLY, {@code FALSE} for READ WRITE, {@code null} for neither
 */
public record TransactionModes(IsolationLevel isolationLevel, Boolean readOnly) {
    /** No mode given. */
    public static final TransactionModes NONE = new TransactionModes(null, null);

    public TransactionModes withIsolationLevel(IsolationLevel level) {
        return new TransactionModes(level, readOnly);
    }

    public TransactionModes withReadOnly(boolean value) {
        return new TransactionModes(isolationLevel, value);
    }

    /** Writes the modes given, in the order the grammar reads them back. */
    void unparse(SqlWriter writer) {
        if (isolationLevel != null) {
            writer.keyword("ISOLATION LEVEL");
            writer.keyword(isolationLevel.sql());
        }
        if (readOnly != null) {
            writer.keyword(readOnly ? "READ ONLY" : "READ WRITE");
        }
    }
}
