package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.List;

/**
 * The answer to FETCH: encoded as {@code i32 row count, rows, bool more}. The column count is not
 * on the wire: the reader knows it from the result's columns and passes it to
 * {@link #decode(byte[], int)}. {@code more == false} means the cursor is finished and the server
 * has closed it; the client must not FETCH or CLOSE_CURSOR it again.
 * The row arrays are shared, not copied: do not change them after building the record.
 */
public record RowsPage(List<Object[]> rows, boolean more) {
    public RowsPage {
        rows = Codec.copyRows(rows);
    }

    /** Every row must have {@code columnCount} values. */
    public byte[] encode(int columnCount) {
        ByteWriter w = new ByteWriter();
        Codec.writeRows(w, rows, columnCount);
        w.bool(more);
        return w.toByteArray();
    }

    /** With the column count taken from the first row (a page without rows needs none). */
    public byte[] encode() {
        return encode(rows.isEmpty() ? 0 : rows.get(0).length);
    }

    public static RowsPage decode(byte[] b, int columnCount) {
        ByteReader r = new ByteReader(b);
        List<Object[]> rows = Codec.readRows(r, columnCount);
        boolean more = r.bool();
        r.expectEnd();
        return new RowsPage(rows, more);
    }
}
