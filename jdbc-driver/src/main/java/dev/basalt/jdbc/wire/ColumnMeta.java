package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;

/**
 * What a client needs to know about one result column. Encoded as
 * {@code string label, string name, string table, i32 jdbcType, string typeName, i32 precision,
 * i32 scale, bool nullable}; a missing string (a computed column has no table) is the empty string,
 * so null never reaches the wire and decodes as "".
 *
 * @param label     the column's label: its alias, or its name when there is none ({@code C_ID})
 * @param name      the column's name in its table, or the label for a computed column
 * @param table     the table the column comes from, or "" for a computed column
 * @param jdbcType  a {@link java.sql.Types} constant
 * @param typeName  the plain SQL type name without arguments: INTEGER, VARCHAR, DECIMAL, TIMESTAMP
 * @param precision digits of a number, characters of a string, 0 when not applicable
 * @param scale     digits after the point of a DECIMAL (fractional-second digits of a TIMESTAMP), else 0
 * @param nullable  whether the column may hold NULL
 */
public record ColumnMeta(String label, String name, String table, int jdbcType, String typeName, int precision,
        int scale, boolean nullable) {

    public ColumnMeta {
        label = label == null ? "" : label;
        name = name == null ? "" : name;
        table = table == null ? "" : table;
        typeName = typeName == null ? "" : typeName;
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        writeTo(w);
        return w.toByteArray();
    }

    public static ColumnMeta decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        ColumnMeta c = readFrom(r);
        r.expectEnd();
        return c;
    }

    void writeTo(ByteWriter w) {
        w.string(label).string(name).string(table).i32(jdbcType).string(typeName).i32(precision).i32(scale).bool(nullable);
    }

    static ColumnMeta readFrom(ByteReader r) {
        String label = Codec.requireString(r, "column label");
        String name = Codec.requireString(r, "column name");
        String table = Codec.requireString(r, "column table");
        int jdbcType = r.i32();
        String typeName = Codec.requireString(r, "column type name");
        int precision = r.i32();
        int scale = r.i32();
        boolean nullable = r.bool();
        return new ColumnMeta(label, name, table, jdbcType, typeName, precision, scale, nullable);
    }
}
