package dev.basalt.range.internal;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;

/**
 * Value formats of the {@code lock} and {@code write} column families.
 * <pre>
 *   lock:  [u8 op][i64 startTs][i64 ttlMs][i64 minCommitTs][bytes primary][bytes provisional value][i64 priority]
 *   write: [u8 op][i64 startTs][bytes value]
 * </pre>
 * A lock's wound-wait {@code priority} comes last; a lock written before it existed has none and
 * its priority is its start timestamp.
 * {@code minCommitTs} is the lowest timestamp the lock's owner may commit the key at: a lock taken
 * for update at {@code forUpdateTs} was checked against the versions up to that timestamp, so the
 * owner's write must land above them (DESIGN.md section 4).
 */
final class Records {
    private static final Mutation.Op[] OPS = Mutation.Op.values();

    private Records() {
    }

    /** A committed version: what was done ({@code op}), by which transaction, and the value of a PUT. */
    record Write(Mutation.Op op, long startTs, byte[] value) {
    }

    static byte[] encodeLock(LockInfo lock, long minCommitTs, byte[] value) {
        return new ByteWriter(48 + lock.primary().length + (value == null ? 0 : value.length))
                .u8(lock.op().ordinal()).i64(lock.startTs()).i64(lock.ttlMs()).i64(minCommitTs)
                .bytes(lock.primary()).bytes(value).i64(lock.priority()).toByteArray();
    }

    static LockInfo decodeLock(byte[] key, byte[] record) {
        ByteReader r = new ByteReader(record);
        Mutation.Op op = OPS[r.u8()];
        long startTs = r.i64();
        long ttlMs = r.i64();
        r.i64();
        byte[] primary = r.bytes();
        r.skipBytes();
        long priority = r.remaining() >= 8 ? r.i64() : startTs;
        return new LockInfo(key, primary, startTs, ttlMs, op, priority);
    }

    /** The lowest commit timestamp the lock's owner may commit at (0: no bound beyond its start). */
    static long lockMinCommitTs(byte[] record) {
        ByteReader r = new ByteReader(record);
        r.u8();
        r.i64();
        r.i64();
        return r.i64();
    }

    /** The provisional value a lock carries (null unless its op is PUT). */
    static byte[] lockValue(byte[] record) {
        ByteReader r = new ByteReader(record);
        r.u8();
        r.i64();
        r.i64();
        r.i64();
        r.bytes();
        return r.bytes();
    }

    static byte[] encodeWrite(Mutation.Op op, long startTs, byte[] value) {
        return new ByteWriter(16 + (value == null ? 0 : value.length)).u8(op.ordinal()).i64(startTs).bytes(value).toByteArray();
    }

    static Write decodeWrite(byte[] record) {
        ByteReader r = new ByteReader(record);
        return new Write(OPS[r.u8()], r.i64(), r.bytes());
    }
}
