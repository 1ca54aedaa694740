package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;

/** PREPARE: plans one SQL text for repeated execution. Encoded as {@code string sql}. */
public record PrepareRequest(String sql) {
    public PrepareRequest {
        if (sql == null) {
            throw Codec.invalid("PREPARE without SQL text");
        }
    }

    public byte[] encode() {
        return new ByteWriter().string(sql).toByteArray();
    }

    public static PrepareRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        PrepareRequest p = new PrepareRequest(Codec.requireString(r, "SQL text"));
        r.expectEnd();
        return p;
    }
}
