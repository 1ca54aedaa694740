package dev.basalt.sql.auth;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The users of a cluster as stored at one version: immutable. A change makes the next version
 * ({@link #with}, {@link #without}), which {@link UserDirectory} stores by compare-and-set.
 *
 * <p><b>User names are case-insensitive</b>: they are kept and compared in lower case, whether
 * the SQL wrote them quoted or not and whatever case a client sends at login. So
 * {@code CREATE USER Alice} (which the parser folds to ALICE) and a JDBC {@code user=alice} name
 * the same user, and the superuser made by {@code basalt init} is {@code basalt}.
 */
public record Users(long version, Map<String, User> byName) {
    /** A user name is at most this long (PostgreSQL's limit is 63 bytes). */
    public static final int NAME_CHARS_MAX = 63;
    /** A cluster has at most this many users: the whole set is one meta value. */
    public static final int COUNT_MAX = 10_000;
    /** The name of the user {@code basalt init} creates, and of an anonymous session on a cluster without users. */
    public static final String BOOTSTRAP_USER = "basalt";
    /** Before the first CREATE USER. */
    public static final Users EMPTY = new Users(0, Map.of());

    public Users {
        byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /** The stored form of a user name: lower case. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A name a user may have: 1 to {@link #NAME_CHARS_MAX} characters; fails with 42000 naming it otherwise. */
    public static String checkName(String name) {
        if (name.isEmpty() || name.length() > NAME_CHARS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "user name \"" + name + "\" must be 1 to " + NAME_CHARS_MAX
                    + " characters long");
        }
        return normalize(name);
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The user named {@code name} (any case), or null. */
    public User find(String name) {
        return byName.get(normalize(name));
    }

    public int superuserCount() {
        int n = 0;
        for (User u : byName.values()) {
            if (u.superuser()) {
                n++;
            }
        }
        return n;
    }

    /** The next version with {@code user} added or replaced. */
    public Users with(User user) {
        Map<String, User> next = new TreeMap<>(byName);
        next.put(user.name(), user);
        if (next.size() > COUNT_MAX) {
            throw new BasaltException(ErrorCode.INVALID_STATE, "a cluster has at most " + COUNT_MAX + " users");
        }
        return new Users(version + 1, next);
    }

    /** The next version without the user {@code name}. */
    public Users without(String name) {
        Map<String, User> next = new TreeMap<>(byName);
        next.remove(normalize(name));
        return new Users(version + 1, next);
    }
}
