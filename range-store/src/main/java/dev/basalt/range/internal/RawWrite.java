package dev.basalt.range.internal;

/** One change to a column family, as replicated in a Raft entry: a put, or a delete when value is null. */
record RawWrite(int cf, byte[] key, byte[] value) {
    static RawWrite put(int cf, byte[] key, byte[] value) {
        return new RawWrite(cf, key, value);
    }

    static RawWrite delete(int cf, byte[] key) {
        return new RawWrite(cf, key, null);
    }
}
