package dev.basalt.common.key;

/**
 * Hash slots: the key space of every table is cut into {@link #COUNT} slots, and a range owns an
 * interval of them (DESIGN.md section 2). A row's slot is the Murmur3 x86_32 hash (seed 0) of its
 * distribution key, encoded by {@link KeyCodec} with every column ASC, modulo {@link #COUNT}.
 *
 * <p>Rows of different tables land in the same slot exactly when their distribution keys encode
 * to the same bytes, which needs the same values <em>and</em> the same key types: an INT
 * warehouse id and a BIGINT one hash apart. The encoding is canonical for this reason: 1.5 and
 * 1.50 in a DECIMAL(12,2) column, or -0.0 and 0.0 in a DOUBLE one, give the same bytes.
 */
public final class Slots {
    /** The number of hash slots; a slot is in {@code [0, COUNT)}. */
    public static final int COUNT = 65_536;

    private Slots() {
    }

    public static int slotOf(byte[] encodedDistributionKey) {
        return (int) (Integer.toUnsignedLong(Murmur3.hash32(encodedDistributionKey)) % COUNT);
    }
}
