package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CONNECT: opens the session of this TCP connection. Encoded as {@code string user, string
 * password, string database, i32 count, count × (string key, string value)}. An absent user,
 * password or database is the empty string. The properties are the connection properties the
 * driver does not consume itself (for example {@code applicationName}), in the order given.
 */
public record ConnectRequest(String user, String password, String database, Map<String, String> properties) {
    /** A property is two strings, each at least an i32 length. */
    private static final int PROPERTY_BYTES_MIN = 2 * Codec.LENGTH_BYTES;

    public ConnectRequest {
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        database = database == null ? "" : database;
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "property key"),
                    Objects.requireNonNull(e.getValue(), () -> "value of property " + e.getKey()));
        }
        properties = Collections.unmodifiableMap(copy);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.string(user).string(password).string(database).i32(properties.size());
        for (Map.Entry<String, String> e : properties.entrySet()) {
            w.string(e.getKey()).string(e.getValue());
        }
        return w.toByteArray();
    }

    public static ConnectRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        String user = Codec.requireString(r, "user");
        String password = Codec.requireString(r, "password");
        String database = Codec.requireString(r, "database");
        int n = r.count(PROPERTY_BYTES_MIN);
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = Codec.requireString(r, "property key " + i);
            String value = Codec.requireString(r, "value of property " + key);
            if (properties.put(key, value) != null) {
                throw Codec.invalid("malformed message: property " + key + " appears twice");
            }
        }
        r.expectEnd();
        return new ConnectRequest(user, password, database, properties);
    }

    /** The password is never shown, so that a request can be logged. */
    @Override
    public String toString() {
        return "ConnectRequest[user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + ", database="
                + database + ", properties=" + properties + "]";
    }
}
