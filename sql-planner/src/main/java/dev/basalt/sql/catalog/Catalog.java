package dev.basalt.sql.catalog;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of the schema: every table and view by name. Immutable; a DDL statement makes a
 * new catalog at {@code version + 1} and installs it in the meta group only if the stored version
 * is still the one it started from (compare-and-set), so two concurrent DDLs cannot both win
 * against the same base.
 */
public record Catalog(long version, Map<String, TableDef> tables, Map<String, ViewDef> views) {
    public static final Catalog EMPTY = new Catalog(0, Map.of(), Map.of());

    public Catalog {
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
        views = Collections.unmodifiableMap(new TreeMap<>(views));
    }

    public TableDef table(String name) {
        return tables.get(name);
    }

    /** Whether a table or view already has this name (they share one namespace, as in PostgreSQL). */
    public boolean nameTaken(String name) {
        return tables.containsKey(name) || views.containsKey(name);
    }

    public Catalog withTable(TableDef table) {
        Map<String, TableDef> next = new TreeMap<>(tables);
        next.put(table.name(), table);
        return new Catalog(version + 1, next, views);
    }

    public Catalog withoutTables(java.util.Collection<String> names) {
        Map<String, TableDef> next = new TreeMap<>(tables);
        names.forEach(next::remove);
        return new Catalog(version + 1, next, views);
    }

    public Catalog withView(ViewDef view) {
        Map<String, ViewDef> next = new TreeMap<>(views);
        next.put(view.name(), view);
        return new Catalog(version + 1, tables, next);
    }

    public Catalog withoutView(String name) {
        Map<String, ViewDef> next = new TreeMap<>(views);
        next.remove(name);
        return new Catalog(version + 1, tables, next);
    }
}
