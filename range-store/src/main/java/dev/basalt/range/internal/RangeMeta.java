package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import java.nio.charset.StandardCharsets;

/**
 * The replicated metadata of one range, beside its data: <b>what a replica applies depends only on
 * its log and its snapshot</b> (DESIGN.md section 3), so this changes only by log entries (split,
 * membership change, safe point, garbage collection), travels in snapshots, and is written in the
 * same RocksDB batch as the applied index.
 *
 * @param current     the descriptor now: slots, replicas (ascending node ids), generation
 * @param safePointTs reads and writes below this timestamp are refused, and garbage collection may run up to
 *                    it once every lock below it is resolved (0: none yet)
 * @param collectedTs garbage collection ran up to here: below it, commit and rollback records may be gone
 *                    ({@code collectedTs <= safePointTs})
 */
record RangeMeta(RangeDescriptor current, long safePointTs, long collectedTs) {
    /** 2: without the creation descriptor of version 1 (joiners start from snapshots, not from a range's first entry). */
    private static final int VERSION = 2;
    private static final String KEY_PREFIX = "range/";

    /** A range as created: no safe point yet. */
    static RangeMeta created(RangeDescriptor d) {
        return new RangeMeta(d, 0, 0);
    }

    long rangeId() {
        return current.rangeId();
    }

    RangeMeta withCurrent(RangeDescriptor next) {
        return new RangeMeta(next, safePointTs, collectedTs);
    }

    RangeMeta withSafePoint(long ts) {
        return new RangeMeta(current, Math.max(safePointTs, ts), collectedTs);
    }

    RangeMeta withCollected(long ts) {
        return new RangeMeta(current, safePointTs, Math.max(collectedTs, ts));
    }

    /** The node-metadata key (default column family) this record lives under. */
    static byte[] key(long rangeId) {
        return (KEY_PREFIX + rangeId).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] keyPrefix() {
        return KEY_PREFIX.getBytes(StandardCharsets.UTF_8);
    }

    byte[] encode() {
        ByteWriter w = new ByteWriter(96).u8(VERSION);
        write(w);
        return w.toByteArray();
    }

    void write(ByteWriter w) {
        RangeCodec.writeDescriptor(w, current);
        w.i64(safePointTs).i64(collectedTs);
    }

    static RangeMeta read(ByteReader r) {
        return new RangeMeta(RangeCodec.readDescriptor(r), r.i64(), r.i64());
    }

    static RangeMeta decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != VERSION) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "range metadata has unknown version " + version);
        }
        RangeMeta meta = read(r);
        r.expectEnd();
        return meta;
    }
}
