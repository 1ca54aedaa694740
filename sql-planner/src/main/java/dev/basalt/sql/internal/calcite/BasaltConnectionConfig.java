package dev.basalt.sql.internal.calcite;

import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.sql.validate.SqlConformance;

/**
 * The settings Calcite's planner reads as "connection" properties. Calcite's framework planner
 * hands the validator the conformance named here, and only knows its own enum of conformances;
 * this config answers with Basalt's ({@link Parsing#conformance}) instead. Both properties are
 * set so that the planner keeps this object rather than building its own.
 */
public final class BasaltConnectionConfig extends CalciteConnectionConfigImpl {
    public static final BasaltConnectionConfig INSTANCE = new BasaltConnectionConfig();

    private BasaltConnectionConfig() {
        super(properties());
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(), "DEFAULT");
        p.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        return p;
    }

    @Override
    public SqlConformance conformance() {
        return Parsing.conformance();
    }
}
