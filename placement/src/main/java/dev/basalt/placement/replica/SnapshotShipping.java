package dev.basalt.placement.replica;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.net.HostPort;
import dev.basalt.common.net.RpcClient;
import dev.basalt.common.net.RpcHandler;
import dev.basalt.placement.Handlers;
import dev.basalt.placement.NodeMethods;
import dev.basalt.range.store.RangeStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a range snapshot from a replica to a node that is about to join the range, over the node
 * protocol, in chunks:
 * <pre>
 *   EXPORT_SNAPSHOT [i64 rangeId]                          -> [i64 exportId][i64 bytes]
 *   SNAPSHOT_CHUNK  [i64 exportId][i64 offset][i32 max]    -> [bytes chunk]   (the last chunk deletes the export)
 * </pre>
 * The exporting node writes the snapshot to a file under its data directory (one RocksDB
 * snapshot: data, metadata and applied index of one moment) and serves it; the joining node
 * downloads it to a file, and the range store checks its checksum before installing anything.
 * Bounded: at most {@link #EXPORTS_MAX} exports at once, each deleted after the last chunk or
 * {@link #EXPORT_AGE_MS_MAX}.
 */
public final class SnapshotShipping {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotShipping.class);
    static final int EXPORTS_MAX = 4;
    static final long EXPORT_AGE_MS_MAX = 600_000;
    /** A chunk is at most this big (a frame holds 64 MiB). */
    static final int CHUNK_BYTES_MAX = 4 << 20;
    static final long CALL_TIMEOUT_MS = 60_000;

    private record Export(Path file, long bytes, long createdNanos) {
    }

    private final RangeStore store;
    private final Path dir;
    private final RpcClient rpc;
    private final Map<Long, Export> exports = new ConcurrentHashMap<>();
    private final AtomicLong exportIds = new AtomicLong();

    public SnapshotShipping(RangeStore store, Path dataDir, RpcClient rpc) throws IOException {
        this.store = store;
        this.dir = Files.createDirectories(dataDir.resolve("snapshot-exports"));
        this.rpc = rpc;
        // Exports of an earlier run are of no use to anyone now.
        try (var old = Files.list(dir)) {
            old.forEach(p -> p.toFile().delete());
        }
    }

    private byte[] export(long rangeId) throws IOException {
        expireOld();
        if (exports.size() >= EXPORTS_MAX) {
            throw new BasaltException(ErrorCode.SERVER_BUSY, "node " + store.nodeId() + " already serves " + EXPORTS_MAX
                    + " snapshot exports; try again later");
        }
        long id = exportIds.incrementAndGet();
        Path file = dir.resolve("range-" + rangeId + "-" + id + ".snap");
        store.exportSnapshot(rangeId, file);
        Export e = new Export(file, Files.size(file), System.nanoTime());
        exports.put(id, e);
        return new ByteWriter(16).i64(id).i64(e.bytes()).toByteArray();
    }

    private byte[] chunk(long exportId, long offset, int max) throws IOException {
        Export e = exports.get(exportId);
        if (e == null) {
            throw new BasaltException(ErrorCode.UNDEFINED_OBJECT, "node " + store.nodeId() + " has no snapshot export " + exportId);
        }
        int n = (int) Math.max(0, Math.min(Math.min(max, CHUNK_BYTES_MAX), e.bytes() - offset));
        byte[] bytes = new byte[n];
        try (RandomAccessFile f = new RandomAccessFile(e.file().toFile(), "r")) {
            f.seek(offset);
            f.readFully(bytes);
        }
        if (offset + n >= e.bytes()) {
            release(exportId);
        }
        return new ByteWriter(n + 8).bytes(bytes).toByteArray();
    }

    private void release(long exportId) {
        Export e = exports.remove(exportId);
        if (e != null) {
            e.file().toFile().delete();
        }
    }

    private void expireOld() {
        long now = System.nanoTime();
        exports.forEach((id, e) -> {
            if (now - e.createdNanos() > TimeUnit.MILLISECONDS.toNanos(EXPORT_AGE_MS_MAX)) {
                LOG.info("node {}: snapshot export {} was never fully read; deleting it", store.nodeId(), id);
                release(id);
            }
        });
    }

    /** Downloads a fresh snapshot of {@code rangeId} from the node at {@code source} into {@code target}. */
    public void fetch(HostPort source, long rangeId, Path target) throws Exception {
        ByteReader header = new ByteReader(rpc.call(source, NodeMethods.EXPORT_SNAPSHOT, new ByteWriter(8).i64(rangeId).toByteArray(),
                CALL_TIMEOUT_MS).get(CALL_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS));
        long exportId = header.i64();
        long bytes = header.i64();
        try (OutputStream out = Files.newOutputStream(target)) {
            long offset = 0;
            while (offset < bytes) {
                byte[] chunk = new ByteReader(rpc.call(source, NodeMethods.SNAPSHOT_CHUNK,
                        new ByteWriter(20).i64(exportId).i64(offset).i32(CHUNK_BYTES_MAX).toByteArray(), CALL_TIMEOUT_MS)
                        .get(CALL_TIMEOUT_MS + 1_000, TimeUnit.MILLISECONDS)).bytes();
                if (chunk.length == 0) {
                    throw new IOException("snapshot export " + exportId + " of range " + rangeId + " from " + source
                            + " ended at " + offset + " of " + bytes + " bytes");
                }
                out.write(chunk);
                offset += chunk.length;
            }
        }
        LOG.info("node {}: fetched a snapshot of range {} from {} ({} bytes)", store.nodeId(), rangeId, source, bytes);
    }

    public Map<Integer, RpcHandler> handlers(Executor executor) {
        return Map.of(
                NodeMethods.EXPORT_SNAPSHOT, (m, p) -> Handlers.on(executor, () -> export(new ByteReader(p).i64())),
                NodeMethods.SNAPSHOT_CHUNK, (m, p) -> Handlers.on(executor, () -> {
                    ByteReader r = new ByteReader(p);
                    return chunk(r.i64(), r.i64(), r.i32());
                }));
    }
}
