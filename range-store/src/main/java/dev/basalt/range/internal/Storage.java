package dev.basalt.range.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's one RocksDB, shared by every range replica it hosts.
 *
 * <p>Column families:
 * <ul>
 *   <li>{@code default} - node metadata and, per range, the applied {@code (term, index)};</li>
 *   <li>{@code lock} - {@code userKey -> lock record}: at most one lock per key;</li>
 *   <li>{@code write} - {@code version(userKey, commitTs) -> write record}: committed versions;</li>
 *   <li>{@code rollback} - {@code marker(userKey, startTs) -> empty}: proof that a transaction
 *       was rolled back on a key, so a delayed prewrite of it cannot succeed.</li>
 * </ul>
 * Every key of the last three starts with the 8-byte storage-key prefix, so a range's data is the
 * keys whose slot lies in its interval (see {@link RangeSpans}).
 */
public final class Storage implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    public static final int CF_DEFAULT = 0;
    public static final int CF_LOCK = 1;
    public static final int CF_WRITE = 2;
    public static final int CF_ROLLBACK = 3;
    /** The column families that hold range data, in snapshot order. */
    static final int[] DATA_CFS = {CF_LOCK, CF_WRITE, CF_ROLLBACK};
    private static final String[] CF_NAMES = {"default", "lock", "write", "rollback"};

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;

    public Storage(Path dir) throws IOException {
        Files.createDirectories(dir);
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2);
        cfOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(new BloomFilter(10)));
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : CF_NAMES) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), cfOptions));
        }
        try {
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            throw new IOException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
        }
        // The WAL is written on every batch but not fsynced: a process crash loses nothing, and the
        // Raft log (fsynced) replays whatever a machine crash lost (DESIGN.md section 3).
        writeOptions = new WriteOptions().setSync(false);
        readOptions = new ReadOptions();
    }

    /** Whether {@code cf} is one of {@link #DATA_CFS} (what log entries and snapshots may write). */
    static boolean isDataCf(int cf) {
        return cf >= CF_LOCK && cf <= CF_ROLLBACK;
    }

    public RocksDB db() {
        return db;
    }

    public ColumnFamilyHandle cf(int id) {
        return handles.get(id);
    }

    public byte[] get(int cf, byte[] key) {
        try {
            return db.get(handles.get(cf), readOptions, key);
        } catch (RocksDBException e) {
            throw new StorageFailure("read from " + CF_NAMES[cf] + " failed", e);
        }
    }

    public void put(int cf, byte[] key, byte[] value) {
        try {
            db.put(handles.get(cf), writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new StorageFailure("write to " + CF_NAMES[cf] + " failed", e);
        }
    }

    public void delete(int cf, byte[] key) {
        try {
            db.delete(handles.get(cf), writeOptions, key);
        } catch (RocksDBException e) {
            throw new StorageFailure("delete from " + CF_NAMES[cf] + " failed", e);
        }
    }

    public void write(WriteBatch batch) {
        try {
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new StorageFailure("batch write failed", e);
        }
    }

    /** Forces memtables and the WAL to disk (used before a snapshot lets Raft purge its log). */
    public void flushWal() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw new StorageFailure("WAL sync failed", e);
        }
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        writeOptions.close();
        readOptions.close();
        cfOptions.close();
        dbOptions.close();
    }

    /**
     * A RocksDB failure: the node can no longer trust its state and must stop serving
     * (DESIGN.md section 3: a non-deterministic failure inside apply stops the node).
     */
    public static final class StorageFailure extends RuntimeException {
        StorageFailure(String message, RocksDBException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
