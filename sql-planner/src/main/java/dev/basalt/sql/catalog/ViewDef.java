package dev.basalt.sql.catalog;

import java.util.List;

/** A view: its defining query as SQL text and, when the DDL named them, its column names. */
public record ViewDef(String name, String query, List<String> columnNames) {
    public ViewDef {
        columnNames = List.copyOf(columnNames);
    }
}
