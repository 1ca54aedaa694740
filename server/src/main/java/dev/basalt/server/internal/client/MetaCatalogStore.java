package dev.basalt.server.internal.client;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.MetaKeys;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.sql.CatalogStore;

/** The SQL catalog kept in the meta group ({@link MetaKeys#CATALOG}, versioned by {@link MetaKeys#CATALOG_VERSION}). */
public final class MetaCatalogStore implements CatalogStore {
    /**
     * SQL tables get ids below this; the key-value workloads (bench, bank, check) use fixed ids
     * from 1,000,000 up, so the two never share a key.
     */
    static final long TABLE_ID_LIMIT = 1_000_000;

    private final MetaService meta;

    public MetaCatalogStore(MetaService meta) {
        this.meta = meta;
    }

    @Override
    public byte[] load() {
        return meta.read(MetaKeys.CATALOG);
    }

    @Override
    public boolean compareAndSet(long expectedVersion, byte[] catalog) {
        return meta.compareAndPut(MetaKeys.CATALOG_VERSION, expectedVersion, MetaKeys.CATALOG, catalog);
    }

    @Override
    public long allocateTableIds(int count) {
        long first = meta.allocateIds(MetaKeys.TABLE_IDS, count);
        if (first + count > TABLE_ID_LIMIT) {
            throw new BasaltException(ErrorCode.INVALID_STATE, "no table ids are left: " + (TABLE_ID_LIMIT - 1) + " tables were created");
        }
        return first;
    }
}
