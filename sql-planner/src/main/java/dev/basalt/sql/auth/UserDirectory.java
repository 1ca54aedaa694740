package dev.basalt.sql.auth;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.function.UnaryOperator;

/**
 * The users of the cluster, read from and written to the {@link UserStore}. Nothing is cached:
 * every login and every user statement reads the store (a linearizable meta read), so a user
 * created, changed or dropped on one node counts on every node from the next connection on.
 */
public final class UserDirectory {
    /** A change retries its compare-and-set this many times when other changes keep winning. */
    static final int CHANGE_ATTEMPTS_MAX = 16;

    private final UserStore store;

    public UserDirectory(UserStore store) {
        this.store = store;
    }

    /** The users as stored now. */
    public Users current() {
        byte[] stored = store.load();
        return stored == null ? Users.EMPTY : UserCodec.decode(stored);
    }

    /**
     * Applies {@code change} to the newest stored users and stores the result if nobody changed
     * them meanwhile, retrying on the newer version otherwise. The change may throw (the user
     * exists, ...); nothing is stored then. Returning the same object stores nothing.
     */
    public Users change(UnaryOperator<Users> change) {
        for (int attempt = 0; attempt < CHANGE_ATTEMPTS_MAX; attempt++) {
            Users base = current();
            Users next = change.apply(base);
            if (next == base) {
                return base;
            }
            if (next.version() != base.version() + 1) {
                throw new IllegalStateException("a change must make version " + (base.version() + 1) + ", made " + next.version());
            }
            if (store.compareAndSet(base.version(), UserCodec.encode(next))) {
                return next;
            }
        }
        throw new BasaltException(ErrorCode.SERIALIZATION_FAILURE, "the users changed " + CHANGE_ATTEMPTS_MAX
                + " times while this statement tried to apply; retry it");
    }
}
