package dev.basalt.server.internal.client;

import dev.basalt.placement.MetaKeys;
import dev.basalt.placement.meta.MetaService;
import dev.basalt.sql.auth.UserStore;

/** The SQL users kept in the meta group ({@link MetaKeys#USERS}, versioned by {@link MetaKeys#USERS_VERSION}). */
public final class MetaUserStore implements UserStore {
    private final MetaService meta;

    public MetaUserStore(MetaService meta) {
        this.meta = meta;
    }

    @Override
    public byte[] load() {
        return meta.read(MetaKeys.USERS);
    }

    @Override
    public boolean compareAndSet(long expectedVersion, byte[] users) {
        return meta.compareAndPut(MetaKeys.USERS_VERSION, expectedVersion, MetaKeys.USERS, users);
    }
}
