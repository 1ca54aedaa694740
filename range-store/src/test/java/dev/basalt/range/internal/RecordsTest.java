package dev.basalt.range.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.basalt.common.ByteWriter;
import dev.basalt.range.LockInfo;
import dev.basalt.range.Mutation;
import org.junit.jupiter.api.Test;

/** The lock record format: every field comes back, and a record written before priorities existed still reads. */
class RecordsTest {
    private static final byte[] KEY = {1, 2, 3};
    private static final byte[] PRIMARY = {9};

    @Test
    void aLockRecordKeepsEveryField() {
        byte[] record = Records.encodeLock(new LockInfo(KEY, PRIMARY, 500, 3_000, Mutation.Op.PUT, 400), 501, new byte[] {7, 7});
        LockInfo lock = Records.decodeLock(KEY, record);
        assertEquals(500, lock.startTs());
        assertEquals(3_000, lock.ttlMs());
        assertEquals(Mutation.Op.PUT, lock.op());
        assertEquals(400, lock.priority());
        assertArrayEquals(PRIMARY, lock.primary());
        assertEquals(501, Records.lockMinCommitTs(record));
        assertArrayEquals(new byte[] {7, 7}, Records.lockValue(record));
        assertEquals(400, Records.decodeLock(KEY, Records.encodeLock(lock, 0, null)).priority(), "a lock without a value");
    }

    @Test
    void aLockRecordWithoutAPriorityHasItsStartAsPriority() {
        byte[] old = new ByteWriter(64).u8(Mutation.Op.LOCK.ordinal()).i64(500).i64(3_000).i64(501)
                .bytes(PRIMARY).bytes(null).toByteArray();
        LockInfo lock = Records.decodeLock(KEY, old);
        assertEquals(500, lock.priority());
        assertEquals(Mutation.Op.LOCK, lock.op());
        assertEquals(501, Records.lockMinCommitTs(old));
    }
}
