package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a range's Raft entries. Version 1:
 * <pre>
 *   [u8 version=1][u8 kind][i64 evalTerm] then
 *     kind WRITES: [i32 n] n x ([u8 cf][bytes key][bytes value, -1 = delete])
 *     kind GC:     [i64 safePointTs]
 *     kind SPLIT:  [i64 newRangeId][i32 splitSlot]
 *     kind SAFE_POINT: [i64 safePointTs]
 * </pre>
 * {@code evalTerm} is the leader term in which the writes were checked; apply skips an entry whose
 * log term differs, because its checks may be stale (DESIGN.md section 3). GC and SAFE_POINT
 * entries only ever raise the range's safe point, so a stale one is harmless, but they follow the
 * same rule.
 */
final class LogEntries {
    static final int VERSION = 1;
    static final int KIND_WRITES = 1;
    static final int KIND_GC = 2;
    static final int KIND_SPLIT = 3;
    static final int KIND_SAFE_POINT = 4;

    /** Apply outcomes, the one byte of the reply message. */
    static final byte APPLIED = 0;
    static final byte STALE_TERM = 1;
    /** The entry's keys left the range (a split applied before it); the client re-routes. */
    static final byte STALE_RANGE = 2;
    /** A garbage collection asked for more than the range's safe point allows; nothing was deleted. */
    static final byte ABOVE_SAFE_POINT = 3;

    record Entry(int kind, long evalTerm, List<RawWrite> writes, long safePointTs, long newRangeId, int splitSlot) {
    }

    private LogEntries() {
    }

    static byte[] writes(long evalTerm, List<List<RawWrite>> groups, int bytesHint) {
        int n = 0;
        for (List<RawWrite> g : groups) {
            n += g.size();
        }
        ByteWriter w = new ByteWriter(bytesHint + 32).u8(VERSION).u8(KIND_WRITES).i64(evalTerm).i32(n);
        for (List<RawWrite> g : groups) {
            for (RawWrite rw : g) {
                w.u8(rw.cf()).bytes(rw.key()).bytes(rw.value());
            }
        }
        return w.toByteArray();
    }

    static byte[] gc(long evalTerm, long safePointTs) {
        return new ByteWriter(24).u8(VERSION).u8(KIND_GC).i64(evalTerm).i64(safePointTs).toByteArray();
    }

    static byte[] safePoint(long evalTerm, long safePointTs) {
        return new ByteWriter(24).u8(VERSION).u8(KIND_SAFE_POINT).i64(evalTerm).i64(safePointTs).toByteArray();
    }

    static byte[] split(long evalTerm, long newRangeId, int splitSlot) {
        return new ByteWriter(32).u8(VERSION).u8(KIND_SPLIT).i64(evalTerm).i64(newRangeId).i32(splitSlot).toByteArray();
    }

    static int sizeOf(List<RawWrite> writes) {
        int bytes = 0;
        for (RawWrite rw : writes) {
            bytes += 9 + rw.key().length + (rw.value() == null ? 0 : rw.value().length);
        }
        return bytes;
    }

    /** Decodes and validates an entry; a malformed one fails with INVALID_REQUEST. */
    static Entry decode(byte[] data) {
        ByteReader r = new ByteReader(data);
        int version = r.u8();
        if (version != VERSION) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range log entry has unknown version " + version);
        }
        int kind = r.u8();
        long evalTerm = r.i64();
        if (kind == KIND_GC || kind == KIND_SAFE_POINT) {
            long safePoint = r.i64();
            r.expectEnd();
            return new Entry(kind, evalTerm, List.of(), safePoint, 0, 0);
        }
        if (kind == KIND_SPLIT) {
            long newRangeId = r.i64();
            int splitSlot = r.i32();
            r.expectEnd();
            return new Entry(kind, evalTerm, List.of(), 0, newRangeId, splitSlot);
        }
        if (kind != KIND_WRITES) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range log entry has unknown kind " + kind);
        }
        int n = r.count(9);
        List<RawWrite> writes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int cf = r.u8();
            if (!Storage.isDataCf(cf)) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "range log entry writes to unknown column family " + cf);
            }
            byte[] key = r.bytes();
            if (key == null || key.length < dev.basalt.range.StorageKey.PREFIX_BYTES) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "range log entry has a key shorter than its prefix");
            }
            writes.add(new RawWrite(cf, key, r.bytes()));
        }
        r.expectEnd();
        return new Entry(kind, evalTerm, writes, 0, 0, 0);
    }
}
