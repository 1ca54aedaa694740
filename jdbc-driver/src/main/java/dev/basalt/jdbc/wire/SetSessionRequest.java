package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;

/**
 * SET_SESSION: changes one setting of the session. Encoded as {@code string key, string value}.
 *
 * <pre>
 *   key           value
 *   autocommit    "true" | "false"; turning it on commits an open transaction
 *   isolation     a java.sql.Connection.TRANSACTION_* number as text: "2" (READ COMMITTED), "4" (REPEATABLE READ)
 *   readonly      "true" | "false"
 *   schema        a schema name, as the application wrote it
 * </pre>
 */
public record SetSessionRequest(String key, String value) {
    public static final String AUTOCOMMIT = "autocommit";
    public static final String ISOLATION = "isolation";
    public static final String READONLY = "readonly";
    public static final String SCHEMA = "schema";

    public SetSessionRequest {
        if (key == null || value == null) {
            throw Codec.invalid("SET_SESSION needs a key and a value, got " + key + " = " + value);
        }
    }

    public byte[] encode() {
        return new ByteWriter().string(key).string(value).toByteArray();
    }

    public static SetSessionRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        SetSessionRequest s = new SetSessionRequest(Codec.requireString(r, "session key"), Codec.requireString(r, "session value"));
        r.expectEnd();
        return s;
    }
}
