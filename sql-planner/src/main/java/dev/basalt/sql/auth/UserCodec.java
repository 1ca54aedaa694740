package dev.basalt.sql.auth;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.auth.ScramVerifier;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of {@link Users}, one meta value:
 * <pre>
 *   [u8 format = 1][i64 version][i32 n] n × ([string name][bool superuser][verifier])
 *   verifier: [bytes salt][i32 iterations][bytes storedKey][bytes serverKey]
 * </pre>
 */
public final class UserCodec {
    static final int FORMAT = 1;
    /** The least one user takes: a name, a flag, a verifier of empty fields. */
    private static final int USER_BYTES_MIN = 4 + 1 + 4 + 4 + 4 + 4;

    private UserCodec() {
    }

    public static byte[] encode(Users users) {
        ByteWriter w = new ByteWriter(64 + 128 * users.byName().size()).u8(FORMAT).i64(users.version()).i32(users.byName().size());
        for (User u : users.byName().values()) {
            w.string(u.name()).bool(u.superuser());
            u.verifier().writeTo(w);
        }
        return w.toByteArray();
    }

    public static Users decode(byte[] stored) {
        ByteReader r = new ByteReader(stored);
        int format = r.u8();
        if (format != FORMAT) {
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "stored users have format " + format + "; this node reads format " + FORMAT);
        }
        long version = r.i64();
        int n = r.count(USER_BYTES_MIN);
        Map<String, User> byName = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String name = r.string();
            boolean superuser = r.bool();
            ScramVerifier verifier = ScramVerifier.readFrom(r);
            byName.put(name, new User(name, superuser, verifier));
        }
        r.expectEnd();
        return new Users(version, byName);
    }
}
