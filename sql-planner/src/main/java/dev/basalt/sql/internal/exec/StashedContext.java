package dev.basalt.sql.internal.exec;

import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/** An execution's context plus the objects a compiled plan stashed when it was compiled. */
final class StashedContext implements DataContext {
    private final DataContext execution;
    private final Map<String, Object> stash;

    StashedContext(DataContext execution, Map<String, Object> stash) {
        this.execution = execution;
        this.stash = stash;
    }

    @Override
    public SchemaPlus getRootSchema() {
        return execution.getRootSchema();
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
        return execution.getTypeFactory();
    }

    @Override
    public QueryProvider getQueryProvider() {
        return execution.getQueryProvider();
    }

    @Override
    public Object get(String name) {
        Object stashed = stash.get(name);
        return stashed != null ? stashed : execution.get(name);
    }
}
