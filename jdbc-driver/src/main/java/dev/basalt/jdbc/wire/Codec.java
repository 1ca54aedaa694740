package dev.basalt.jdbc.wire;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pieces every record's codec shares: counted lists of values, rows, strings and columns.
 * A count is an i32 read with {@link ByteReader#count}, so a count larger than the bytes left
 * fails before anything is allocated.
 */
final class Codec {
    /** An i32 length or count: the least a string, a byte array or an empty list takes. */
    static final int LENGTH_BYTES = 4;
    /** The smallest encoded {@link ColumnMeta}: four empty strings, three i32 and a bool. */
    static final int COLUMN_META_BYTES_MIN = 4 * LENGTH_BYTES + 3 * 4 + 1;

    private Codec() {
    }

    static void writeValues(ByteWriter w, List<Object> values) {
        w.i32(values.size());
        for (Object v : values) {
            WireValues.write(w, v);
        }
    }

    /** An unmodifiable list that may hold nulls (SQL NULL). */
    static List<Object> readValues(ByteReader r) {
        int n = r.count(WireValues.VALUE_BYTES_MIN);
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(WireValues.read(r));
        }
        return Collections.unmodifiableList(values);
    }

    /** Rows of {@code columnCount} values each, without a count of their own values. */
    static void writeRows(ByteWriter w, List<Object[]> rows, int columnCount) {
        w.i32(rows.size());
        for (Object[] row : rows) {
            if (row.length != columnCount) {
                throw new BasaltException(ErrorCode.INVALID_VALUE,
                        "a row has " + row.length + " values but the result has " + columnCount + " columns");
            }
            for (Object v : row) {
                WireValues.write(w, v);
            }
        }
    }

    static List<Object[]> readRows(ByteReader r, int columnCount) {
        if (columnCount < 0) {
            throw new IllegalArgumentException("column count " + columnCount + " is negative");
        }
        int n = r.count(columnCount * WireValues.VALUE_BYTES_MIN);
        if (columnCount == 0 && n != 0) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: " + n + " rows without columns");
        }
        List<Object[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[columnCount];
            for (int c = 0; c < columnCount; c++) {
                row[c] = WireValues.read(r);
            }
            rows.add(row);
        }
        return Collections.unmodifiableList(rows);
    }

    static void writeStrings(ByteWriter w, List<String> strings) {
        w.i32(strings.size());
        for (String s : strings) {
            w.string(s);
        }
    }

    static List<String> readStrings(ByteReader r) {
        int n = r.count(LENGTH_BYTES);
        List<String> strings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            strings.add(requireString(r, "string " + i));
        }
        return List.copyOf(strings);
    }

    static void writeColumns(ByteWriter w, List<ColumnMeta> columns) {
        w.i32(columns.size());
        for (ColumnMeta c : columns) {
            c.writeTo(w);
        }
    }

    static List<ColumnMeta> readColumns(ByteReader r) {
        int n = r.count(COLUMN_META_BYTES_MIN);
        List<ColumnMeta> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            columns.add(ColumnMeta.readFrom(r));
        }
        return List.copyOf(columns);
    }

    /** A string that must be present (length -1 is malformed here). */
    static String requireString(ByteReader r, String what) {
        String s = r.string();
        if (s == null) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: " + what + " has length -1");
        }
        return s;
    }

    /** A copy that keeps nulls (SQL NULL parameters), unmodifiable. */
    static List<Object> copyValues(List<Object> values) {
        return Collections.unmodifiableList(new ArrayList<>(values));
    }

    /**
     * A copy of the list of rows, unmodifiable. The row arrays themselves are shared, not copied (a
     * page can hold many thousands): whoever hands rows to a record must not change them afterwards.
     */
    static List<Object[]> copyRows(List<Object[]> rows) {
        return Collections.unmodifiableList(new ArrayList<>(rows));
    }

    static BasaltException invalid(String what) {
        return new BasaltException(ErrorCode.INVALID_REQUEST, what);
    }
}
