package dev.basalt.sql.auth;

import dev.basalt.common.auth.ScramVerifier;
import java.util.Objects;

/**
 * One user: its name (lower case, see {@link Users#normalize}), whether it is a superuser, and the
 * SCRAM-SHA-256 verifier of its password. Never the password.
 */
public record User(String name, boolean superuser, ScramVerifier verifier) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verifier, "verifier");
        if (!name.equals(Users.normalize(name))) {
            throw new IllegalArgumentException("user name " + name + " is not normalized");
        }
    }
}
