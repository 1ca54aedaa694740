package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.List;

/**
 * EXECUTE: runs one SQL text. Encoded as {@code string sql, i32 count, count × value, i32 fetchSize,
 * i64 maxRows}.
 *
 * @param sql       the statement; {@code ?} marks the parameters
 * @param params    one value per {@code ?}, in order ({@link WireValues}); null is SQL NULL
 * @param fetchSize rows in the first page of a result; 0 lets the server choose
 * @param maxRows   at most this many rows in the whole result; 0 means no limit
 */
public record ExecuteRequest(String sql, List<Object> params, int fetchSize, long maxRows) {
    public ExecuteRequest {
        if (sql == null) {
            throw Codec.invalid("EXECUTE without SQL text");
        }
        params = Codec.copyValues(params);
        checkLimits(fetchSize, maxRows);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.string(sql);
        Codec.writeValues(w, params);
        w.i32(fetchSize).i64(maxRows);
        return w.toByteArray();
    }

    public static ExecuteRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        ExecuteRequest e = new ExecuteRequest(Codec.requireString(r, "SQL text"), Codec.readValues(r), r.i32(), r.i64());
        r.expectEnd();
        return e;
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
