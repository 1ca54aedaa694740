package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to PREPARE. Encoded as {@code i64 statementId, i32 count, count × i32 jdbcType,
 * i32 count, count × ColumnMeta}.
 *
 * @param statementId    the session's handle for the statement, greater than 0; used by
 *                       EXECUTE_PREPARED, EXECUTE_BATCH and CLOSE_STATEMENT
 * @param paramJdbcTypes one {@link java.sql.Types} constant per {@code ?}; {@code OTHER} or
 *                       {@code NULL} where the server cannot tell
 * @param columns        the result's columns; empty for DML and DDL
 */
public record PrepareResponse(long statementId, List<Integer> paramJdbcTypes, List<ColumnMeta> columns) {
    private static final int JDBC_TYPE_BYTES = 4;

    public PrepareResponse {
        if (statementId <= 0) {
            throw Codec.invalid("statement id " + statementId + " is not positive");
        }
        paramJdbcTypes = List.copyOf(paramJdbcTypes);
        columns = List.copyOf(columns);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.i64(statementId).i32(paramJdbcTypes.size());
        for (int type : paramJdbcTypes) {
            w.i32(type);
        }
        Codec.writeColumns(w, columns);
        return w.toByteArray();
    }

    public static PrepareResponse decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        long statementId = r.i64();
        int n = r.count(JDBC_TYPE_BYTES);
        List<Integer> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            types.add(r.i32());
        }
        List<ColumnMeta> columns = Codec.readColumns(r);
        r.expectEnd();
        return new PrepareResponse(statementId, types, columns);
    }
}
