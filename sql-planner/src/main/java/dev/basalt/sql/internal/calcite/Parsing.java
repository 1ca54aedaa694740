package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.parser.SqlParsers;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformance;

/** The parser settings every part of the engine shares: Basalt's grammar ({@link SqlParsers}). */
public final class Parsing {
    private Parsing() {
    }

    public static SqlParser.Config config() {
        return SqlParsers.config();
    }

    public static SqlConformance conformance() {
        return SqlParsers.config().conformance();
    }
}
