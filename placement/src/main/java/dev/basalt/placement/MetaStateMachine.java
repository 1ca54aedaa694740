package dev.basalt.placement;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta group's replicated state: a small sorted map of the cluster's durable metadata (the
 * timestamp oracle's high-water mark, id allocators; nodes, range descriptors and the SQL catalog
 * as the placement work moves them here). It lives in memory; the Raft log and snapshot files
 * (the whole map, written at the applied index) make it durable, and Ratis replays the log after
 * the latest snapshot on start.
 *
 * <p>Commands ({@code applyTransaction}, deterministic): PUT, DELETE, ADVANCE (raise a u64 value to
 * at least an argument: the high-water mark), ALLOCATE (add to a counter, return its old value),
 * DESCRIPTORS (store range descriptors, each unless the stored one has an equal or higher
 * generation, so late or repeated reports never roll a range back; both halves of a split go in
 * one entry, so the map never shows a slot in two ranges), PUT_ALL (several PUTs in one entry: the
 * liveness records of every node the leader heard from).
 *
 * <p>Keys in use: {@link #NODE_PREFIX}, {@link #LIVENESS_PREFIX}, {@link #RANGE_PREFIX}, the
 * oracle's high-water mark, id counters ({@code ids/...}), decommission marks, and
 * {@code catalog/...} reserved for the SQL catalog.
 * Queries (read-only, after a linearizable-read barrier): GET, SCAN by prefix.
 */
public final class MetaStateMachine extends dev.basalt.range.SnapshotStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MetaStateMachine.class);
    public static final int PUT = 1, DELETE = 2, ADVANCE = 3, ALLOCATE = 4, DESCRIPTORS = 5, PUT_ALL = 6;
    /** {@code node/<id>}: a node's addresses, written when the meta leader first hears of it. */
    public static final String NODE_PREFIX = "node/";
    /** {@code liveness/<id>}: u64 wall-clock ms until which the node counts as live. */
    public static final String LIVENESS_PREFIX = "liveness/";
    /** {@code range/<id, 20 digits>}: a range's descriptor (sorted by id). */
    public static final String RANGE_PREFIX = "range/";
    /** PUT_ALL carries at most this many keys. */
    static final int PUT_ALL_MAX = 4096;
    public static final int GET = 1, SCAN = 2;
    /** Keys are short names; values are small. */
    static final int KEY_CHARS_MAX = 1024;

    private final NavigableMap<String, byte[]> state = new ConcurrentSkipListMap<>();

    @Override
    protected void recover(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file.toPath()))) {
            int n = in.readInt();
            NavigableMap<String, byte[]> loaded = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                byte[] value = in.readNBytes(in.readInt());
                loaded.put(key, value);
            }
            synchronized (state) {
                state.clear();
                state.putAll(loaded);
            }
        }
        setLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("meta: loaded snapshot at index {} ({} keys)", snapshot.getIndex(), state.size());
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        try {
            decode(request.getMessage().getContent().toByteArray());
        } catch (BasaltException e) {
            throw new IOException("meta: rejected command: " + e.getMessage(), e);
        }
        return super.startTransaction(request);
    }

    private record Command(int op, String key, byte[] value, long number, Map<String, byte[]> all) {
        Command(int op, String key, byte[] value, long number) {
            this(op, key, value, number, null);
        }
    }

    private static Command decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int op = r.u8();
        String key = r.string();
        if (key == null || key.length() > KEY_CHARS_MAX) {
            throw new BasaltException(dev.basalt.common.ErrorCode.INVALID_REQUEST, "meta: bad key");
        }
        Command c;
        switch (op) {
            case PUT:
                c = new Command(op, key, r.bytes(), 0);
                break;
            case DELETE:
                c = new Command(op, key, null, 0);
                break;
            case ADVANCE:
            case ALLOCATE:
                c = new Command(op, key, null, r.i64());
                break;
            case DESCRIPTORS:
                int count = r.count(28);
                Map<String, byte[]> descriptors = new java.util.TreeMap<>();
                for (int i = 0; i < count; i++) {
                    byte[] d = r.bytes();
                    descriptors.put(rangeKey(dev.basalt.range.RangeCodec.readDescriptor(new ByteReader(d)).rangeId()), d);
                }
                c = new Command(op, key, null, 0, descriptors);
                break;
            case PUT_ALL:
                int n = r.count(6);
                if (n > PUT_ALL_MAX) {
                    throw new BasaltException(dev.basalt.common.ErrorCode.INVALID_REQUEST, "meta: PUT_ALL of " + n + " keys");
                }
                Map<String, byte[]> all = new java.util.TreeMap<>();
                for (int i = 0; i < n; i++) {
                    all.put(r.string(), r.bytes());
                }
                c = new Command(op, key, null, 0, all);
                break;
            default:
                throw new BasaltException(dev.basalt.common.ErrorCode.INVALID_REQUEST, "meta: unknown command " + op);
        }
        r.expectEnd();
        return c;
    }

    public static byte[] put(String key, byte[] value) {
        return new ByteWriter().u8(PUT).string(key).bytes(value).toByteArray();
    }

    public static byte[] delete(String key) {
        return new ByteWriter().u8(DELETE).string(key).toByteArray();
    }

    /** Stores each descriptor under {@link #rangeKey} unless the stored one is at least as new. */
    public static byte[] descriptors(java.util.List<dev.basalt.range.RangeDescriptor> ds) {
        ByteWriter w = new ByteWriter().u8(DESCRIPTORS).string("").i32(ds.size());
        for (dev.basalt.range.RangeDescriptor d : ds) {
            ByteWriter v = new ByteWriter();
            dev.basalt.range.RangeCodec.writeDescriptor(v, d);
            w.bytes(v.toByteArray());
        }
        return w.toByteArray();
    }

    public static byte[] putAll(Map<String, byte[]> entries) {
        ByteWriter w = new ByteWriter().u8(PUT_ALL).string("").i32(entries.size());
        entries.forEach((k, v) -> w.string(k).bytes(v));
        return w.toByteArray();
    }

    public static String rangeKey(long rangeId) {
        return RANGE_PREFIX + String.format("%020d", rangeId);
    }

    /** The descriptors stored in the map, sorted by range id. */
    public java.util.List<dev.basalt.range.RangeDescriptor> descriptors() {
        java.util.List<dev.basalt.range.RangeDescriptor> out = new java.util.ArrayList<>();
        scan(RANGE_PREFIX).values().forEach(v -> out.add(dev.basalt.range.RangeCodec.readDescriptor(new ByteReader(v))));
        return out;
    }

    public static byte[] advance(String key, long atLeast) {
        return new ByteWriter().u8(ADVANCE).string(key).i64(atLeast).toByteArray();
    }

    public static byte[] allocate(String key, long count) {
        return new ByteWriter().u8(ALLOCATE).string(key).i64(count).toByteArray();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        TermIndex termIndex = TermIndex.valueOf(trx.getLogEntry());
        Command c = decode(trx.getLogEntry().getStateMachineLogEntry().getLogData().toByteArray());
        long result = 0;
        synchronized (state) {
            switch (c.op()) {
                case PUT:
                    state.put(c.key(), c.value());
                    break;
                case DELETE:
                    state.remove(c.key());
                    break;
                case ADVANCE:
                    result = Math.max(number(c.key(), 0), c.number());
                    state.put(c.key(), longBytes(result));
                    break;
                case DESCRIPTORS:
                    for (Map.Entry<String, byte[]> e : c.all().entrySet()) {
                        byte[] stored = state.get(e.getKey());
                        long next = dev.basalt.range.RangeCodec.readDescriptor(new ByteReader(e.getValue())).generation();
                        if (stored == null || dev.basalt.range.RangeCodec.readDescriptor(new ByteReader(stored)).generation() < next) {
                            state.put(e.getKey(), e.getValue());
                            result++;
                        }
                    }
                    break;
                case PUT_ALL:
                    state.putAll(c.all());
                    break;
                default: // ALLOCATE
                    result = number(c.key(), 1);
                    state.put(c.key(), longBytes(result + c.number()));
                    break;
            }
            updateLastAppliedTermIndex(termIndex);
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(longBytes(result))));
    }

    /** The u64 stored under {@code key}, or {@code absent}. */
    public long number(String key, long absent) {
        byte[] v = state.get(key);
        return v == null ? absent : new ByteReader(v).i64();
    }

    public byte[] get(String key) {
        return state.get(key);
    }

    public Map<String, byte[]> scan(String prefix) {
        return new java.util.TreeMap<>(state.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    static byte[] longBytes(long v) {
        return new ByteWriter(8).i64(v).toByteArray();
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last;
        Map<String, byte[]> copy;
        synchronized (state) {
            last = getLastAppliedTermIndex();
            copy = new java.util.TreeMap<>(state);
        }
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = snapshots.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(file.getPath() + ".tmp");
        try (var fos = new java.io.FileOutputStream(tmp); DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(fos))) {
            out.writeInt(copy.size());
            for (Map.Entry<String, byte[]> e : copy.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.flush();
            fos.getFD().sync();
        }
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        publishSnapshot(file, last);
        return last.getIndex();
    }
}
