package dev.basalt.sql.catalog;

import java.util.List;

/**
 * A table: its id (the first part of every storage key of its rows), its columns in declaration
 * order, the positions of its primary-key columns and of its distribution columns (which decide a
 * row's hash slot, DESIGN.md section 2), and its unique and foreign-key constraints.
 * A table declared without a primary key has {@code hiddenRowId}: its rows are keyed by a row id
 * the engine assigns, which no query sees.
 */
public record TableDef(long tableId, String name, List<ColumnDef> columns, List<Integer> primaryKey,
                       List<Integer> distribution, boolean hiddenRowId, int nextColumnId,
                       List<IndexDef> indexes, List<ForeignKeyDef> foreignKeys, String primaryKeyConstraint) {
    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        distribution = List.copyOf(distribution);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** A table whose primary-key constraint has the default name ({@link #primaryKeyName}). */
    public TableDef(long tableId, String name, List<ColumnDef> columns, List<Integer> primaryKey, List<Integer> distribution,
                    boolean hiddenRowId, int nextColumnId, List<IndexDef> indexes, List<ForeignKeyDef> foreignKeys) {
        this(tableId, name, columns, primaryKey, distribution, hiddenRowId, nextColumnId, indexes, foreignKeys, null);
    }

    /** The index named {@code name} (not a dropped one), or null. */
    public IndexDef index(String name) {
        for (IndexDef i : indexes) {
            if (i.state() != IndexState.DROPPED && i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /**
     * The name of the primary-key constraint (and of the primary index): the one given by
     * {@code CONSTRAINT n PRIMARY KEY}, else {@code <TABLE>_PKEY}, as PostgreSQL names it.
     */
    public String primaryKeyName() {
        return primaryKeyConstraint != null ? primaryKeyConstraint : name + "_PKEY";
    }

    /** The position of the column named {@code name}, or -1. */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public ColumnDef column(int position) {
        return columns.get(position);
    }

    /** The id the next secondary index of this table gets: ids are never reused, dropped indexes keep theirs. */
    public int nextIndexId() {
        int next = 1;
        for (IndexDef i : indexes) {
            next = Math.max(next, i.indexId() + 1);
        }
        return next;
    }

    /**
     * Where an index is in its life (an online schema change, in the manner of F1's): writers
     * maintain a {@code WRITE_ONLY} index while it is built or being dropped, but queries do not
     * read it; a {@code READY} index is maintained and read; a {@code DROPPED} one is neither, and
     * stays in the catalog only so that its id (and the entries left under it) is never reused.
     */
    public enum IndexState { WRITE_ONLY, READY, DROPPED }

    /**
     * A secondary index over columns (positions), with its id in storage keys (the primary index
     * is 0). A UNIQUE constraint is a unique index. {@code descending} flags are kept for the
     * planner; entries are stored ascending.
     */
    public record IndexDef(int indexId, String name, List<Integer> columns, List<Boolean> descending, boolean unique, IndexState state) {
        public IndexDef {
            columns = List.copyOf(columns);
            descending = List.copyOf(descending);
        }

        /** Whether writers maintain this index (and check it, when unique). */
        public boolean maintained() {
            return state != IndexState.DROPPED;
        }

        /** Whether queries may read this index. */
        public boolean readable() {
            return state == IndexState.READY;
        }

        public IndexDef withState(IndexState next) {
            return new IndexDef(indexId, name, columns, descending, unique, next);
        }
    }

    /** What deleting a referenced parent row does to its children. */
    public enum OnDelete { RESTRICT, CASCADE, SET_NULL }

    /** A FOREIGN KEY: these columns (positions) reference {@code parentColumns} of table {@code parent}. */
    public record ForeignKeyDef(String name, List<Integer> columns, String parent, List<String> parentColumns, OnDelete onDelete) {
        public ForeignKeyDef {
            columns = List.copyOf(columns);
            parentColumns = List.copyOf(parentColumns);
        }
    }
}
