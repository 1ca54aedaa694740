package dev.basalt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' engines over one catalog store: a DDL on one is seen by the next statement on the
 * other that needs it (it reads the catalog when it meets an unknown name), and concurrent DDLs
 * cannot both win against one catalog version.
 */
class CatalogVisibilityTest {
    /** The meta group's compare-and-set semantics, in memory. */
    static final class MemoryStore implements CatalogStore {
        private byte[] catalog;
        private long version;
        private final AtomicLong ids = new AtomicLong(1);

        @Override
        public synchronized byte[] load() {
            return catalog;
        }

        @Override
        public synchronized boolean compareAndSet(long expectedVersion, byte[] next) {
            if (version != expectedVersion) {
                return false;
            }
            catalog = next;
            version++;
            return true;
        }

        @Override
        public long allocateTableIds(int count) {
            return ids.getAndAdd(count);
        }
    }

    @Test
    void aTableCreatedOnOneNodeIsPlannableAtOnceOnAnother() {
        MemoryStore store = new MemoryStore();
        SqlEngine a = new SqlEngine(null, store);
        SqlEngine b = new SqlEngine(null, store);
        try (SqlSession sa = a.openSession(); SqlSession sb = b.openSession()) {
            sa.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5))", List.of(), 0, 0);
            assertEquals(1, a.catalog().version());
            assertEquals(0, b.catalog().version(), "b has not refreshed yet");
            assertNotNull(sb.prepare("SELECT v FROM t WHERE id = ?"), "b reads the catalog when it meets the unknown table");
            assertEquals(1, b.catalog().version());
            BasaltException missing = assertThrows(BasaltException.class, () -> sb.prepare("SELECT * FROM nowhere"));
            assertEquals(ErrorCode.UNDEFINED_TABLE, missing.code());
        }
    }

    @Test
    void aDdlAgainstAStaleCatalogIsAppliedToTheNewestOne() {
        MemoryStore store = new MemoryStore();
        SqlEngine a = new SqlEngine(null, store);
        SqlEngine b = new SqlEngine(null, store);
        try (SqlSession sa = a.openSession(); SqlSession sb = b.openSession()) {
            sa.execute("CREATE TABLE t1 (id INT PRIMARY KEY)", List.of(), 0, 0);
            sb.execute("CREATE TABLE t2 (id INT PRIMARY KEY)", List.of(), 0, 0);
            BasaltException dup = assertThrows(BasaltException.class, () -> sb.execute("CREATE TABLE t1 (x INT)", List.of(), 0, 0));
            assertEquals(ErrorCode.DUPLICATE_TABLE, dup.code());
            a.refreshCatalog();
            assertEquals(2, a.catalog().tables().size());
            assertEquals(2, a.catalog().version());
        }
    }
}
