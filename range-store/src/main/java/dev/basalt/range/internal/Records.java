package dev.basalt.range.internal;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;

/** Value formats of the {@code lock} and {@code write} column families. */
final class Records {
    private static final Mutation.Op[] OPS = Mutation.Op.values();

    private Records() {
    }

    /** A committed version: what was done ({@code op}), by which transaction, and the value of a PUT. */
    record Write(Mutation.Op op, long startTs, byte[] value) {
    }

    static byte[] encodeLock(LockInfo lock, byte[] value) {
        return new ByteWriter(32 + lock.primary().length + (value == null ? 0 : value.length))
                .u8(lock.op().ordinal()).i64(lock.startTs()).i64(lock.ttlMs())
                .bytes(lock.primary()).bytes(value).toByteArray();
    }

    static LockInfo decodeLock(byte[] key, byte[] record) {
        ByteReader r = new ByteReader(record);
        Mutation.Op op = OPS[r.u8()];
        long startTs = r.i64();
        long ttlMs = r.i64();
        byte[] primary = r.bytes();
        return new LockInfo(key, primary, startTs, ttlMs, op);
    }

    /** The provisional value a lock carries (null unless its op is PUT). */
    static byte[] lockValue(byte[] record) {
        ByteReader r = new ByteReader(record);
        r.u8();
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
