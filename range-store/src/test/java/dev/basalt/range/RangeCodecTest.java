package dev.basalt.range;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import org.junit.jupiter.api.Test;

/** Requests and answers cross the wire whole: a scan with its filter and without one; locks with their priority. */
class RangeCodecTest {
    private static RangeRequest.Scan roundTrip(RangeRequest.Scan scan) {
        ByteWriter w = new ByteWriter(64);
        RangeCodec.writeRequest(w, scan);
        ByteReader r = new ByteReader(w.toByteArray());
        RangeRequest.Scan back = assertInstanceOf(RangeRequest.Scan.class, RangeCodec.readRequest(r));
        r.expectEnd();
        return back;
    }

    @Test
    void scanFiltersRoundTrip() {
        byte[] start = StorageKey.of(3, 0, 7, new byte[] {1, 2});
        byte[] end = StorageKey.prefix(3, 0, 8);
        RangeRequest.Scan filtered = roundTrip(new RangeRequest.Scan(start, end, 99L, 500, 1, new byte[] {9, 8, 7}));
        assertArrayEquals(start, filtered.startKey());
        assertArrayEquals(end, filtered.endKey());
        assertEquals(99L, filtered.readTs());
        assertEquals(500, filtered.limit());
        assertEquals(1, filtered.filterKind());
        assertArrayEquals(new byte[] {9, 8, 7}, filtered.filter());
        RangeRequest.Scan plain = roundTrip(new RangeRequest.Scan(start, end, 99L, 500));
        assertEquals(RangeRequest.Scan.NO_FILTER, plain.filterKind());
        assertNull(plain.filter());
    }

    private static RangeRequest requestRoundTrip(RangeRequest request) {
        ByteWriter w = new ByteWriter(64);
        RangeCodec.writeRequest(w, request);
        ByteReader r = new ByteReader(w.toByteArray());
        RangeRequest back = RangeCodec.readRequest(r);
        r.expectEnd();
        return back;
    }

    @Test
    void lockRequestsAndLockedAnswersCarryThePriorityAndTheLockedForUpdateFlags() {
        byte[] k = StorageKey.of(3, 0, 7, new byte[] {1});
        RangeRequest.Prewrite p = assertInstanceOf(RangeRequest.Prewrite.class,
                requestRoundTrip(new RangeRequest.Prewrite(java.util.List.of(Mutation.put(k, new byte[] {5})), k, 200, 3_000, 100, java.util.BitSet.valueOf(new long[] {1}))));
        assertEquals(200, p.startTs());
        assertEquals(3_000, p.ttlMs());
        assertEquals(100, p.priority());
        assertEquals(java.util.BitSet.valueOf(new long[] {1}), p.lockedForUpdate());
        RangeRequest.OnePhaseCommit c = assertInstanceOf(RangeRequest.OnePhaseCommit.class,
                requestRoundTrip(new RangeRequest.OnePhaseCommit(java.util.List.of(Mutation.put(k, new byte[] {5})), 200,
                        java.util.BitSet.valueOf(new long[] {1}))));
        assertEquals(java.util.BitSet.valueOf(new long[] {1}), c.lockedForUpdate());
        assertEquals(new java.util.BitSet(), ((RangeRequest.OnePhaseCommit) requestRoundTrip(
                new RangeRequest.OnePhaseCommit(java.util.List.of(Mutation.put(k, new byte[] {5})), 200))).lockedForUpdate());
        RangeRequest.AcquireLock a = assertInstanceOf(RangeRequest.AcquireLock.class,
                requestRoundTrip(new RangeRequest.AcquireLock(java.util.List.of(k), k, 200, 201, 3_000, 100)));
        assertEquals(201, a.forUpdateTs());
        assertEquals(100, a.priority());
        assertEquals(200, new RangeRequest.AcquireLock(java.util.List.of(k), k, 200, 201, 3_000).priority(), "a first attempt's priority is its start");
        ByteWriter w = new ByteWriter(64);
        RangeCodec.writeResponse(w, new RangeResponse.Locked(java.util.List.of(new LockInfo(k, k, 200, 3_000, Mutation.Op.LOCK, 100))));
        ByteReader r = new ByteReader(w.toByteArray());
        RangeResponse.Locked locked = assertInstanceOf(RangeResponse.Locked.class, RangeCodec.readResponse(r));
        r.expectEnd();
        assertEquals(100, locked.locks().get(0).priority());
        assertEquals(200, locked.locks().get(0).startTs());
    }
}
