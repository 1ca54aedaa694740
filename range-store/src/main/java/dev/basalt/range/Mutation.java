package dev.basalt.range;

import java.util.Objects;

/** One key of a transaction's write set: put a value, delete the key, or only lock it. */
public record Mutation(Op op, byte[] key, byte[] value) {
    public enum Op { PUT, DELETE, LOCK }

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
}
