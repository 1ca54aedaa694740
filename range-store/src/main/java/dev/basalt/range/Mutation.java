package dev.basalt.range;

import java.util.Objects;

/**
 * One key of a transaction's write set: put a value, delete the key, only lock it, or hold it
 * shared until the transaction is decided.
 *
 * <p>{@link Op#SHARED} is a foreign key's hold on its parent row (what PostgreSQL's {@code FOR KEY
 * SHARE} is for): it checks that the key exists in what is committed now and that no other
 * transaction holds it for deletion or update, and writes nothing. A two-phase commit sends its
 * SHARED keys only once every other key is prewritten (see the transaction layer for why that
 * order makes the hold last until the commit). It writes no version, so a SHARED key is never a
 * transaction's primary nor the key a one-phase commit is recorded under.
 */
public record Mutation(Op op, byte[] key, byte[] value) {
    /** Encoded by ordinal: new constants go at the end. */
    public enum Op { PUT, DELETE, LOCK, SHARED }

    public Mutation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(key, "key");
        if ((op == Op.PUT) != (value != null)) {
            throw new IllegalArgumentException(op + " of " + StorageKey.toString(key) + (value == null ? " needs a value" : " takes no value"));
        }
    }

    public static Mutation put(byte[] key, byte[] value) {
        return new Mutation(Op.PUT, key, value);
    }

    public static Mutation delete(byte[] key) {
        return new Mutation(Op.DELETE, key, null);
    }

    public static Mutation lock(byte[] key) {
        return new Mutation(Op.LOCK, key, null);
    }

    public static Mutation shared(byte[] key) {
        return new Mutation(Op.SHARED, key, null);
    }

    /** The key a one-phase commit of {@code mutations} is recorded under: the first that writes a version. */
    public static byte[] recordKey(java.util.List<Mutation> mutations) {
        for (Mutation m : mutations) {
            if (m.op != Op.SHARED) {
                return m.key;
            }
        }
        throw new IllegalArgumentException("a write set of only SHARED keys commits nothing");
    }
}
