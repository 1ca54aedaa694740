package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;

/**
 * FETCH: the next page of an open cursor. Encoded as {@code i64 cursorId, i32 maxRows, i32
 * queryTimeoutMs}.
 *
 * @param cursorId the cursor an {@link ExecuteResult.Rows} named (greater than 0)
 * @param maxRows  at most this many rows in the page (greater than 0)
 * @param queryTimeoutMs the server cancels the fetch this long after it starts; 0 means no limit
 */
public record FetchRequest(long cursorId, int maxRows, int queryTimeoutMs) {
    public FetchRequest {
        if (cursorId <= 0) {
            throw Codec.invalid("cursor id " + cursorId + " is not positive");
        }
        if (maxRows <= 0) {
            throw Codec.invalid("a page of " + maxRows + " rows asked for; it must be positive");
        }
        ExecuteRequest.checkTimeout(queryTimeoutMs);
    }

    /** Without a query timeout. */
    public FetchRequest(long cursorId, int maxRows) {
        this(cursorId, maxRows, 0);
    }

    public byte[] encode() {
        return new ByteWriter().i64(cursorId).i32(maxRows).i32(queryTimeoutMs).toByteArray();
    }

    public static FetchRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        FetchRequest f = new FetchRequest(r.i64(), r.i32(), r.i32());
        r.expectEnd();
        return f;
    }
}
