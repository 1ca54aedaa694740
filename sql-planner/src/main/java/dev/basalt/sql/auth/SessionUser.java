package dev.basalt.sql.auth;

import java.util.Objects;

/**
 * Who a session acts for. {@code authenticated}: the node checked the user's password when the
 * session opened. A session on a cluster without users is not authenticated: it is named after the
 * user its client gave (or {@link Users#BOOTSTRAP_USER} when none), and may do everything, including
 * creating the first user, for as long as the cluster has no users.
 */
public record SessionUser(String name, boolean authenticated) {
    /** A session of a client that gave no user, on a cluster without users. */
    public static final SessionUser ANONYMOUS = new SessionUser(Users.BOOTSTRAP_USER, false);

    public SessionUser {
        Objects.requireNonNull(name, "name");
        name = Users.normalize(name);
    }

    /** The unauthenticated session of a client that named {@code user} (null or empty: none). */
    public static SessionUser unauthenticated(String user) {
        return user == null || user.isEmpty() ? ANONYMOUS : new SessionUser(user, false);
    }
}
