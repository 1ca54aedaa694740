package dev.basalt.range;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import org.junit.jupiter.api.Test;

/** A scan request crosses the wire with its filter, and without one. */
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
}
