package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * A range's snapshot file: its replicated metadata and every record of its data column families
 * at one applied {@code (term, index)}.
 * <pre>
 *   header:  "BSNP" [u8 version=2][i64 term][i64 index][bytes RangeMeta]
 *   records: ([u8 cf][i32 keyLen][key][i32 valueLen][value])*  then [u8 0xFF]
 *   trailer: [i64 CRC32C of everything before it]
 * </pre>
 * The same file serves Raft (a lagging follower installs it) and replica moves (a joining replica
 * starts from it). It is written from one RocksDB snapshot, so the data, the metadata and the
 * applied index it carries are of one moment, whatever is being applied meanwhile. Installing
 * deletes the range's current data and loads the records in bounded batches; the metadata and the
 * applied index are written with the last batch, so a crash mid-install leaves the applied index
 * behind the snapshot and the next start installs it again.
 */
final class RangeSnapshots {
    private static final byte[] MAGIC = {'B', 'S', 'N', 'P'};
    private static final int VERSION = 2;
    private static final int END = 0xFF;
    /** Install writes at most this many bytes per RocksDB batch. */
    static final int INSTALL_BATCH_BYTES_MAX = 4 << 20;

    /** What a snapshot file holds besides its records. */
    record Header(long term, long index, RangeMeta meta) {
    }

    private RangeSnapshots() {
    }

    /**
     * Writes range {@code rangeId} as RocksDB holds it now to {@code target} (via a temporary file,
     * fsynced, then renamed): data, metadata and applied index from one RocksDB snapshot.
     * Returns the header written and the record count.
     */
    static Written write(Storage storage, long rangeId, File target) throws IOException {
        Snapshot snapshot = storage.db().getSnapshot();
        try (ReadOptions view = new ReadOptions().setSnapshot(snapshot)) {
            byte[] metaBytes = storage.db().get(storage.cf(Storage.CF_DEFAULT), view, RangeMeta.key(rangeId));
            if (metaBytes == null) {
                throw new IOException("range " + rangeId + " has no metadata on this node; nothing to snapshot");
            }
            long[] applied = readApplied(storage.db().get(storage.cf(Storage.CF_DEFAULT), view, RangeStateMachine.appliedKey(rangeId)));
            Header header = new Header(applied == null ? 0 : applied[0], applied == null ? 0 : applied[1], RangeMeta.decode(metaBytes));
            long records = writeFile(storage, view, header, target);
            return new Written(header, records);
        } catch (RocksDBException e) {
            throw new IOException("range " + rangeId + ": cannot read RocksDB for a snapshot: " + e.getMessage(), e);
        } finally {
            storage.db().releaseSnapshot(snapshot);
        }
    }

    record Written(Header header, long records) {
    }

    private static long writeFile(Storage storage, ReadOptions view, Header header, File target) throws IOException {
        File tmp = new File(target.getPath() + ".tmp");
        long[] records = {0};
        CRC32C crc = new CRC32C();
        try (FileOutputStream fos = new FileOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(fos, 1 << 16), crc))) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeLong(header.term());
            out.writeLong(header.index());
            ByteWriter meta = new ByteWriter();
            header.meta().write(meta);
            byte[] metaBytes = meta.toByteArray();
            out.writeInt(metaBytes.length);
            out.write(metaBytes);
            int slotStart = header.meta().current().slotStart();
            int slotEnd = header.meta().current().slotEnd();
            for (int cf : Storage.DATA_CFS) {
                try (RocksIterator it = storage.db().newIterator(storage.cf(cf), view)) {
                    IOException[] failure = {null};
                    RangeSpans.walk(it, slotStart, slotEnd, (key, value) -> {
                        try {
                            out.writeByte(cf);
                            out.writeInt(key.length);
                            out.write(key);
                            out.writeInt(value.length);
                            out.write(value);
                            records[0]++;
                            return true;
                        } catch (IOException e) {
                            failure[0] = e;
                            return false;
                        }
                    });
                    if (failure[0] != null) {
                        throw failure[0];
                    }
                }
            }
            out.writeByte(END);
            out.flush();
            new DataOutputStream(fos).writeLong(crc.getValue());
            fos.getFD().sync();
        }
        Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return records[0];
    }

    static Header readHeader(File file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file)))) {
            return readHeader(in, file);
        }
    }

    private static Header readHeader(DataInputStream in, File file) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (!java.util.Arrays.equals(magic, MAGIC) || in.readUnsignedByte() != VERSION) {
            throw new IOException("not a Basalt range snapshot of version " + VERSION + " (bad magic or version): " + file);
        }
        long term = in.readLong();
        long index = in.readLong();
        int metaLength = in.readInt();
        if (metaLength < 0 || metaLength > 1 << 20) {
            throw new IOException("snapshot " + file + " has a metadata block of " + metaLength + " bytes");
        }
        try {
            ByteReader r = new ByteReader(in.readNBytes(metaLength));
            RangeMeta meta = RangeMeta.read(r);
            r.expectEnd();
            return new Header(term, index, meta);
        } catch (BasaltException e) {
            throw new IOException("snapshot " + file + " has malformed metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the range's data with the snapshot's, verifying the checksum before deleting
     * anything, and writes the range's metadata and {@code appliedKey -> (term, index)} with the
     * last batch. Returns the snapshot's header.
     */
    static Header install(Storage storage, File file, byte[] appliedKey) throws IOException {
        verify(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file), 1 << 16))) {
            Header h = readHeader(in, file);
            deleteRangeData(storage, h.meta().current().slotStart(), h.meta().current().slotEnd());
            WriteBatch batch = new WriteBatch();
            try {
                while (true) {
                    int cf = in.readUnsignedByte();
                    if (cf == END) {
                        break;
                    }
                    if (!Storage.isDataCf(cf)) {
                        throw new IOException("snapshot " + file + " names unknown column family " + cf);
                    }
                    byte[] key = in.readNBytes(in.readInt());
                    byte[] value = in.readNBytes(in.readInt());
                    batch.put(storage.cf(cf), key, value);
                    if (batch.getDataSize() >= INSTALL_BATCH_BYTES_MAX) {
                        storage.write(batch);
                        batch.close();
                        batch = new WriteBatch();
                    }
                }
                batch.put(storage.cf(Storage.CF_DEFAULT), RangeMeta.key(h.meta().rangeId()), h.meta().encode());
                batch.put(storage.cf(Storage.CF_DEFAULT), appliedKey, appliedValue(h.term(), h.index()));
                storage.write(batch);
            } catch (RocksDBException e) {
                throw new IOException("cannot install snapshot " + file + ": " + e.getMessage(), e);
            } finally {
                batch.close();
            }
            return h;
        }
    }

    /** Checks the trailer's CRC32C against the bytes before it, before anything is deleted. */
    static void verify(File file) throws IOException {
        long length = file.length();
        if (length < 8) {
            throw new IOException("snapshot " + file + " is truncated");
        }
        CRC32C crc = new CRC32C();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file), 1 << 16))) {
            long left = length - 8;
            byte[] buf = new byte[1 << 16];
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("snapshot " + file + " is truncated");
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            if (in.readLong() != crc.getValue()) {
                throw new IOException("snapshot " + file + " fails its checksum");
            }
        }
    }

    /** Deletes every record of the range's slots from the data column families. */
    static void deleteRangeData(Storage storage, int slotStart, int slotEnd) {
        for (int cf : Storage.DATA_CFS) {
            try (RocksIterator it = storage.db().newIterator(storage.cf(cf))) {
                WriteBatch[] batch = {new WriteBatch()};
                try {
                    RangeSpans.walk(it, slotStart, slotEnd, (key, value) -> {
                        try {
                            batch[0].delete(storage.cf(cf), key);
                            if (batch[0].getDataSize() >= INSTALL_BATCH_BYTES_MAX) {
                                storage.write(batch[0]);
                                batch[0].close();
                                batch[0] = new WriteBatch();
                            }
                        } catch (RocksDBException e) {
                            throw new IllegalStateException(e);
                        }
                        return true;
                    });
                    storage.write(batch[0]);
                } finally {
                    batch[0].close();
                }
            }
        }
    }

    static byte[] appliedValue(long term, long index) {
        return new ByteWriter(16).i64(term).i64(index).toByteArray();
    }

    /** Reads {@code (term, index)} as written by {@link #appliedValue}, or null. */
    static long[] readApplied(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteReader r = new ByteReader(value);
        return new long[] {r.i64(), r.i64()};
    }
}
