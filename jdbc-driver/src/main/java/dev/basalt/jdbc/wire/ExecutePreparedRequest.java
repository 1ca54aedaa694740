package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.List;

/**
 * EXECUTE_PREPARED: runs a prepared statement once. Encoded as {@code i64 statementId, i32 count,
 * count × value, i32 fetchSize, i64 maxRows, i32 queryTimeoutMs}; the fields mean what they mean in
 * {@link ExecuteRequest}.
 */
public record ExecutePreparedRequest(long statementId, List<Object> params, int fetchSize, long maxRows, int queryTimeoutMs) {
    public ExecutePreparedRequest {
        if (statementId <= 0) {
            throw Codec.invalid("statement id " + statementId + " is not positive");
        }
        params = Codec.copyValues(params);
        ExecuteRequest.checkLimits(fetchSize, maxRows);
        ExecuteRequest.checkTimeout(queryTimeoutMs);
    }

    /** Without a query timeout. */
    public ExecutePreparedRequest(long statementId, List<Object> params, int fetchSize, long maxRows) {
        this(statementId, params, fetchSize, maxRows, 0);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.i64(statementId);
        Codec.writeValues(w, params);
        w.i32(fetchSize).i64(maxRows).i32(queryTimeoutMs);
        return w.toByteArray();
    }

    public static ExecutePreparedRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        ExecutePreparedRequest e = new ExecutePreparedRequest(r.i64(), Codec.readValues(r), r.i32(), r.i64(), r.i32());
        r.expectEnd();
        return e;
    }
}
