package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * EXECUTE_BATCH: many executions in one round trip. Either a prepared statement run once per
 * parameter row ({@code statementId > 0}, {@code sqls} empty), or SQL texts run one after the
 * other ({@code statementId == 0}, {@code paramRows} empty). Encoded as {@code i64 statementId,
 * i32 count, count × string sql, i32 row count, row count × (i32 n, n × value), i32 queryTimeoutMs}
 * (the timeout bounds the whole batch, as in {@link ExecuteRequest}).
 */
public record BatchRequest(long statementId, List<String> sqls, List<List<Object>> paramRows, int queryTimeoutMs) {
    public BatchRequest {
        if (statementId < 0) {
            throw Codec.invalid("statement id " + statementId + " is negative");
        }
        sqls = List.copyOf(sqls);
        List<List<Object>> rows = new ArrayList<>(paramRows.size());
        for (List<Object> row : paramRows) {
            rows.add(Codec.copyValues(row));
        }
        paramRows = Collections.unmodifiableList(rows);
        if (statementId > 0 && !sqls.isEmpty()) {
            throw Codec.invalid("a batch of prepared statement " + statementId + " carries " + sqls.size() + " SQL texts");
        }
        if (statementId == 0 && !paramRows.isEmpty()) {
            throw Codec.invalid("a batch of SQL texts carries " + paramRows.size() + " parameter rows");
        }
        ExecuteRequest.checkTimeout(queryTimeoutMs);
    }

    /** Without a query timeout. */
    public BatchRequest(long statementId, List<String> sqls, List<List<Object>> paramRows) {
        this(statementId, sqls, paramRows, 0);
    }

    /** The number of executions the batch asks for. */
    public int size() {
        return statementId > 0 ? paramRows.size() : sqls.size();
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.i64(statementId);
        Codec.writeStrings(w, sqls);
        w.i32(paramRows.size());
        for (List<Object> row : paramRows) {
            Codec.writeValues(w, row);
        }
        w.i32(queryTimeoutMs);
        return w.toByteArray();
    }

    public static BatchRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        long statementId = r.i64();
        List<String> sqls = Codec.readStrings(r);
        int n = r.count(Codec.LENGTH_BYTES);
        List<List<Object>> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(Codec.readValues(r));
        }
        int queryTimeoutMs = r.i32();
        r.expectEnd();
        return new BatchRequest(statementId, sqls, rows, queryTimeoutMs);
    }
}
