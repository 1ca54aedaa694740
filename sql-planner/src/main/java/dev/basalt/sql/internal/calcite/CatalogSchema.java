package dev.basalt.sql.internal.calcite;

import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.catalog.ViewDef;
import java.util.List;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ViewTable;

/**
 * One catalog version as a Calcite schema tree: a root holding the schema {@code PUBLIC}, which
 * holds every table and view, and the schema {@code INFORMATION_SCHEMA} ({@link InformationSchema}),
 * whose read-only tables describe this version. Built once per catalog version and shared by every
 * statement planned at that version.
 */
public final class CatalogSchema {
    public static final String SCHEMA = "PUBLIC";

    private final Catalog catalog;
    private final SchemaPlus root;
    private final SchemaPlus publicSchema;

    public CatalogSchema(Catalog catalog) {
        this.catalog = catalog;
        this.root = CalciteSchema.createRootSchema(false, false).plus();
        this.publicSchema = root.add(SCHEMA, new org.apache.calcite.schema.impl.AbstractSchema());
        for (TableDef t : catalog.tables().values()) {
            publicSchema.add(t.name(), new BasaltTable(t));
        }
        for (ViewDef v : catalog.views().values()) {
            publicSchema.add(v.name(), ViewTable.viewMacro(publicSchema, v.query(), List.of(SCHEMA), List.of(SCHEMA, v.name()), false));
        }
        root.add(InformationSchema.NAME, new InformationSchema(catalog, publicSchema));
    }

    public Catalog catalog() {
        return catalog;
    }

    public SchemaPlus root() {
        return root;
    }

    public SchemaPlus publicSchema() {
        return publicSchema;
    }
}
