package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.auth.Scram;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CONNECT: opens the session of this TCP connection, or starts its SCRAM-SHA-256 authentication.
 * Encoded as {@code string user, string database, i32 count, count × (string key, string value),
 * string clientNonce}. An absent user or database is the empty string. The properties are the
 * connection properties the driver does not consume itself (for example {@code applicationName}),
 * in the order given. <b>No password travels</b>: the nonce is the first step of SCRAM (the
 * client-first-message's {@code r=}); the node answers with {@link ConnectResponse}.
 */
public record ConnectRequest(String user, String database, Map<String, String> properties, String clientNonce) {
    /** A property is two strings, each at least an i32 length. */
    private static final int PROPERTY_BYTES_MIN = 2 * Codec.LENGTH_BYTES;
    /** A user name on the wire is at most this long (characters); longer ones cannot exist. */
    public static final int USER_CHARS_MAX = 256;

    public ConnectRequest {
        user = user == null ? "" : user;
        database = database == null ? "" : database;
        Objects.requireNonNull(clientNonce, "clientNonce");
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "property key"),
                    Objects.requireNonNull(e.getValue(), () -> "value of property " + e.getKey()));
        }
        properties = Collections.unmodifiableMap(copy);
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter();
        w.string(user).string(database).i32(properties.size());
        for (Map.Entry<String, String> e : properties.entrySet()) {
            w.string(e.getKey()).string(e.getValue());
        }
        return w.string(clientNonce).toByteArray();
    }

    public static ConnectRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        String user = Codec.requireString(r, "user");
        if (user.length() > USER_CHARS_MAX) {
            throw Codec.invalid("malformed message: user name of " + user.length() + " characters; at most " + USER_CHARS_MAX);
        }
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
        String clientNonce = Codec.requireString(r, "client nonce");
        r.expectEnd();
        Scram.checkNonce(clientNonce, "the client nonce");
        return new ConnectRequest(user, database, properties, clientNonce);
    }
}
