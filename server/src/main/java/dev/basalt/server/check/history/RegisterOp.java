package dev.basalt.server.check.history;

/**
 * A register operation ({@code f = "write"} or {@code "read"}) on one key.
 *
 * @param key the register
 * @param value a write: the value written (unique per key over the history); a read: null in the
 *     invocation, and in an OK completion the value read, or null if the key has no value
 */
public record RegisterOp(long key, Long value) {
    public static RegisterOp write(long key, long value) {
        return new RegisterOp(key, value);
    }

    /** A read whose result is not known (yet), or that found no value. */
    public static RegisterOp read(long key) {
        return new RegisterOp(key, null);
    }
}
