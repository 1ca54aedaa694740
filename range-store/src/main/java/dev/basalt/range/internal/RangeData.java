package dev.basalt.range.internal;

import dev.basalt.range.RangeChecksum;
import dev.basalt.range.RangeDescriptor;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/** Whole-range operations on a node's RocksDB: checksums for comparing replicas, and deletion. */
public final class RangeData {
    private RangeData() {
    }

    /** SHA-256 over every record of the range, read from one RocksDB snapshot together with the applied index. */
    public static RangeChecksum checksum(Storage storage, int nodeId, RangeDescriptor range) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Snapshot snapshot = storage.db().getSnapshot();
        long records = 0;
        long appliedIndex;
        try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
            long[] applied = RangeSnapshots.readApplied(
                    storage.db().get(storage.cf(Storage.CF_DEFAULT), options, RangeStateMachine.appliedKey(range.rangeId())));
            appliedIndex = applied == null ? -1 : applied[1];
            for (int cf : Storage.DATA_CFS) {
                long[] count = {0};
                try (RocksIterator it = storage.db().newIterator(storage.cf(cf), options)) {
                    RangeSpans.walk(it, range.slotStart(), range.slotEnd(), (key, value) -> {
                        sha.update((byte) cf);
                        sha.update(intBytes(key.length));
                        sha.update(key);
                        sha.update(intBytes(value.length));
                        sha.update(value);
                        count[0]++;
                        return true;
                    });
                }
                records += count[0];
            }
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException("checksum of range " + range.rangeId() + " failed", e);
        } finally {
            storage.db().releaseSnapshot(snapshot);
        }
        return new RangeChecksum(range.rangeId(), nodeId, appliedIndex, records, HexFormat.of().formatHex(sha.digest()));
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Deletes a removed replica's data and applied index. */
    public static void delete(Storage storage, long rangeId, int slotStart, int slotEnd) {
        RangeSnapshots.deleteRangeData(storage, slotStart, slotEnd);
        storage.delete(Storage.CF_DEFAULT, RangeStateMachine.appliedKey(rangeId));
    }
}
