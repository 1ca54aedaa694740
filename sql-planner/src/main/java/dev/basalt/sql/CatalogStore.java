package dev.basalt.sql;

/**
 * Where the catalog lives: the meta group on a real node (under {@code catalog/}), a map in unit
 * tests. Reads must be linearizable (a DDL that returned is seen), writes compare-and-set on the
 * version, so concurrent DDLs on different nodes cannot overwrite each other.
 */
public interface CatalogStore {
    /** The stored catalog ({@link dev.basalt.sql.catalog.CatalogCodec}), or null before the first DDL. */
    byte[] load();

    /** Stores {@code catalog} if the stored version is {@code expectedVersion} (0: none stored); false if it is not. */
    boolean compareAndSet(long expectedVersion, byte[] catalog);

    /** Allocates {@code count} consecutive table ids; returns the first. Ids are never reused. */
    long allocateTableIds(int count);
}
