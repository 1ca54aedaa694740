package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.List;

/**
 * EXECUTE: runs one SQL text. Encoded as {@code string sql, i32 count, count × value, i32 fetchSize,
 * i64 maxRows, i32 queryTimeoutMs}.
 *
 * @param sql       the statement; {@code ?} marks the parameters
 * @param params    one value per {@code ?}, in order ({@link WireValues}); null is SQL NULL
 * @param fetchSize rows in the first page of a result; 0 lets the server choose
 * @param maxRows   at most this many rows in the whole result; 0 means no limit
 * @param queryTimeoutMs the server cancels the statement this long after it starts (57014,
 *                  "canceling statement due to statement timeout"); 0 means no limit
 */
public record ExecuteRequest(String sql, List<Object> params, int fetchSize, long maxRows, int queryTimeoutMs) {
    public ExecuteRequest {
        if (sql == null) {
            throw Codec.invalid("EXECUTE without SQL text");
        }
        params = Codec.copyValues(params);
        checkLimits(fetchSize, maxRows);
        checkTimeout(queryTimeoutMs);
    }

    /** Without a query timeout. */
    public ExecuteRequest(String sql, List<Object> params, int fetchSize, long maxRows) {
        this(sql, params, fetchSize, maxRows, 0);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.string(sql);
        Codec.writeValues(w, params);
        w.i32(fetchSize).i64(maxRows).i32(queryTimeoutMs);
        return w.toByteArray();
    }

    public static ExecuteRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        ExecuteRequest e = new ExecuteRequest(Codec.requireString(r, "SQL text"), Codec.readValues(r), r.i32(), r.i64(), r.i32());
        r.expectEnd();
        return e;
    }

    static void checkTimeout(int queryTimeoutMs) {
        if (queryTimeoutMs < 0) {
            throw Codec.invalid("query timeout " + queryTimeoutMs + " ms is negative");
        }
    }

    static void checkLimits(int fetchSize, long maxRows) {
        if (fetchSize < 0) {
            throw Codec.invalid("fetch size " + fetchSize + " is negative");
        }
        if (maxRows < 0) {
            throw Codec.invalid("max rows " + maxRows + " is negative");
        }
    }
}
