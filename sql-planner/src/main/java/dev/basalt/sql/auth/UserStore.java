package dev.basalt.sql.auth;

/**
 * Where the SQL users live: the meta group on a real node (under {@code users/}), a map in unit
 * tests and in an engine made without one. Like {@code CatalogStore}: reads are linearizable (a user
 * created on one node can log in on the next connection to any node), writes compare-and-set on the
 * version, so two nodes' CREATE USER cannot overwrite each other.
 */
public interface UserStore {
    /** The stored users ({@link dev.basalt.sql.auth.UserCodec}), or null before the first CREATE USER. */
    byte[] load();

    /** Stores {@code users} if the stored version is {@code expectedVersion} (0: none stored); false if it is not. */
    boolean compareAndSet(long expectedVersion, byte[] users);

    /** A store in this process's memory, empty at first: for tests and engines without a meta group. */
    static UserStore inMemory() {
        return new UserStore() {
            private byte[] stored;
            private long version;

            @Override
            public synchronized byte[] load() {
                return stored;
            }

            @Override
            public synchronized boolean compareAndSet(long expectedVersion, byte[] users) {
                if (version != expectedVersion) {
                    return false;
                }
                stored = users.clone();
                version++;
                return true;
            }
        };
    }
}
