package dev.basalt.placement.meta;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.placement.MetaKeys;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.ReplicatedState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The meta group's replicated state: a small sorted map of the cluster's durable metadata (keys:
 * {@link MetaKeys}). It lives in memory; the range store makes it durable through the group's
 * Raft log and snapshots (the whole map at the applied index).
 *
 * <p>Commands (applied in log order, deterministic):
 * <ul>
 *   <li>PUT, DELETE of one key; PUT_ALL of several in one entry (the liveness records of every
 *       node the leader heard from);</li>
 *   <li>ADVANCE: raise a u64 value to at least an argument (the oracle's high-water mark);</li>
 *   <li>ALLOCATE: add to a counter and return its old value (ids);</li>
 *   <li>COMPARE_AND_PUT: store a value and count a version key up by one, only if the version key
 *       still holds the expected number; answers 1 if it did, 0 if not (the catalog's DDLs);</li>
 *   <li>DESCRIPTORS: store range descriptors, each unless the stored one has an equal or higher
 *       generation, so late or repeated reports never roll a range back; both halves of a split
 *       go in one entry, so the map never shows a slot in two ranges.</li>
 * </ul>
 * Reads ({@link #get}, {@link #scan}) may run on any thread, concurrently with apply.
 */
public final class MetaState implements ReplicatedState {
    static final int PUT = 1, DELETE = 2, ADVANCE = 3, ALLOCATE = 4, DESCRIPTORS = 5, PUT_ALL = 6, COMPARE_AND_PUT = 7;
    /** PUT_ALL carries at most this many keys. */
    static final int PUT_ALL_MAX = 4096;
    /** Keys are short names. */
    static final int KEY_CHARS_MAX = 1024;

    private final NavigableMap<String, byte[]> state = new ConcurrentSkipListMap<>();

    private record Command(int op, String key, byte[] value, long number, Map<String, byte[]> all) {
    }

    private static Command decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int op = r.u8();
        String key = r.string();
        if (key == null || key.length() > KEY_CHARS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "meta: bad key");
        }
        Command c;
        switch (op) {
            case PUT -> c = new Command(op, key, r.bytes(), 0, null);
            case DELETE -> c = new Command(op, key, null, 0, null);
            case ADVANCE, ALLOCATE -> c = new Command(op, key, null, r.i64(), null);
            case COMPARE_AND_PUT -> {
                long expected = r.i64();
                String target = r.string();
                if (target == null || target.length() > KEY_CHARS_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "meta: bad key");
                }
                c = new Command(op, key, null, expected, Map.of(target, r.bytes()));
            }
            case DESCRIPTORS -> {
                int count = r.count(28);
                Map<String, byte[]> descriptors = new TreeMap<>();
                for (int i = 0; i < count; i++) {
                    byte[] d = r.bytes();
                    descriptors.put(MetaKeys.range(RangeCodec.readDescriptor(new ByteReader(d)).rangeId()), d);
                }
                c = new Command(op, key, null, 0, descriptors);
            }
            case PUT_ALL -> {
                int n = r.count(6);
                if (n > PUT_ALL_MAX) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "meta: PUT_ALL of " + n + " keys, at most " + PUT_ALL_MAX);
                }
                Map<String, byte[]> all = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    all.put(r.string(), r.bytes());
                }
                c = new Command(op, key, null, 0, all);
            }
            default -> throw new BasaltException(ErrorCode.INVALID_REQUEST, "meta: unknown command " + op);
        }
        r.expectEnd();
        return c;
    }

    // ---------------------------------------------------------------- commands

    public static byte[] put(String key, byte[] value) {
        return new ByteWriter().u8(PUT).string(key).bytes(value).toByteArray();
    }

    public static byte[] delete(String key) {
        return new ByteWriter().u8(DELETE).string(key).toByteArray();
    }

    /** Stores each descriptor under {@link MetaKeys#range} unless the stored one is at least as new. */
    public static byte[] descriptors(List<RangeDescriptor> ds) {
        ByteWriter w = new ByteWriter().u8(DESCRIPTORS).string("").i32(ds.size());
        for (RangeDescriptor d : ds) {
            ByteWriter v = new ByteWriter();
            RangeCodec.writeDescriptor(v, d);
            w.bytes(v.toByteArray());
        }
        return w.toByteArray();
    }

    public static byte[] putAll(Map<String, byte[]> entries) {
        ByteWriter w = new ByteWriter().u8(PUT_ALL).string("").i32(entries.size());
        entries.forEach((k, v) -> w.string(k).bytes(v));
        return w.toByteArray();
    }

    public static byte[] advance(String key, long atLeast) {
        return new ByteWriter().u8(ADVANCE).string(key).i64(atLeast).toByteArray();
    }

    /** Stores {@code value} under {@code key} if {@code versionKey} holds {@code expectedVersion} (0 when absent), and counts it up. */
    public static byte[] compareAndPut(String versionKey, long expectedVersion, String key, byte[] value) {
        return new ByteWriter().u8(COMPARE_AND_PUT).string(versionKey).i64(expectedVersion).string(key).bytes(value).toByteArray();
    }

    public static byte[] allocate(String key, long count) {
        return new ByteWriter().u8(ALLOCATE).string(key).i64(count).toByteArray();
    }

    // ---------------------------------------------------------------- ReplicatedState

    @Override
    public void validate(byte[] command) {
        decode(command);
    }

    @Override
    public byte[] apply(byte[] command) {
        Command c = decode(command);
        long result = 0;
        switch (c.op()) {
            case PUT -> state.put(c.key(), c.value());
            case DELETE -> state.remove(c.key());
            case ADVANCE -> {
                result = Math.max(number(c.key(), 0), c.number());
                state.put(c.key(), longBytes(result));
            }
            case DESCRIPTORS -> {
                for (Map.Entry<String, byte[]> e : c.all().entrySet()) {
                    byte[] stored = state.get(e.getKey());
                    long next = RangeCodec.readDescriptor(new ByteReader(e.getValue())).generation();
                    if (stored == null || RangeCodec.readDescriptor(new ByteReader(stored)).generation() < next) {
                        state.put(e.getKey(), e.getValue());
                        result++;
                    }
                }
            }
            case PUT_ALL -> state.putAll(c.all());
            case COMPARE_AND_PUT -> {
                if (number(c.key(), 0) == c.number()) {
                    state.putAll(c.all());
                    state.put(c.key(), longBytes(c.number() + 1));
                    result = 1;
                }
            }
            default -> { // ALLOCATE
                result = number(c.key(), 1);
                state.put(c.key(), longBytes(result + c.number()));
            }
        }
        return longBytes(result);
    }

    @Override
    public void writeSnapshot(DataOutputStream out) throws IOException {
        Map<String, byte[]> copy = new TreeMap<>(state);
        out.writeInt(copy.size());
        for (Map.Entry<String, byte[]> e : copy.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            out.write(e.getValue());
        }
    }

    @Override
    public void readSnapshot(DataInputStream in) throws IOException {
        int n = in.readInt();
        NavigableMap<String, byte[]> loaded = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            loaded.put(key, in.readNBytes(in.readInt()));
        }
        state.clear();
        state.putAll(loaded);
    }

    // ---------------------------------------------------------------- reads

    /** The u64 stored under {@code key}, or {@code absent}. */
    public long number(String key, long absent) {
        byte[] v = state.get(key);
        return v == null ? absent : new ByteReader(v).i64();
    }

    public byte[] get(String key) {
        return state.get(key);
    }

    public Map<String, byte[]> scan(String prefix) {
        return new TreeMap<>(state.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    /** The descriptors stored in the map, sorted by range id. */
    public List<RangeDescriptor> descriptors() {
        List<RangeDescriptor> out = new ArrayList<>();
        scan(MetaKeys.RANGE_PREFIX).values().forEach(v -> out.add(RangeCodec.readDescriptor(new ByteReader(v))));
        return out;
    }

    public static byte[] longBytes(long v) {
        return new ByteWriter(8).i64(v).toByteArray();
    }
}
