package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.Arrays;

/**
 * The answer to EXECUTE_BATCH: one update count per execution, in order. Encoded as {@code i32
 * count, count × i64}. A count may be {@link java.sql.Statement#SUCCESS_NO_INFO} (-2). A batch that
 * fails is answered with an error instead, and the client learns no counts.
 */
public record BatchResponse(long[] counts) {
    private static final int COUNT_BYTES = 8;

    public BatchResponse {
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(Codec.LENGTH_BYTES + COUNT_BYTES * counts.length);
        w.i32(counts.length);
        for (long c : counts) {
            w.i64(c);
        }
        return w.toByteArray();
    }

    public static BatchResponse decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        int n = r.count(COUNT_BYTES);
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            counts[i] = r.i64();
        }
        r.expectEnd();
        return new BatchResponse(counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchResponse other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "BatchResponse" + Arrays.toString(counts);
    }
}
