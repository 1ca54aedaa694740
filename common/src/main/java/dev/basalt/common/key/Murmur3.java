package dev.basalt.common.key;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain algorithm): 4-byte blocks read
 * little-endian, each mixed by multiply-rotate-multiply into the state, then the last 1 to 3
 * bytes (also little-endian), the length, and a final avalanche ("fmix32"). Basalt hashes
 * distribution keys with it (see {@link Slots}), so its output is part of the on-disk format and
 * must never change.
 */
public final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;
    private static final int BLOCK_ROTATION = 13;
    private static final int BLOCK_MULTIPLIER = 5;
    private static final int BLOCK_ADDEND = 0xe6546b64;
    private static final int KEY_ROTATION = 15;
    private static final int FMIX_MULTIPLIER_1 = 0x85ebca6b;
    private static final int FMIX_MULTIPLIER_2 = 0xc2b2ae35;

    private Murmur3() {
    }

    /** The hash of {@code data} with seed 0. */
    public static int hash32(byte[] data) {
        return hash32(data, 0);
    }

    public static int hash32(byte[] data, int seed) {
        int h = seed;
        int blocksEnd = data.length & ~3;
        for (int i = 0; i < blocksEnd; i += 4) {
            int k = (data[i] & 0xFF)
                    | (data[i + 1] & 0xFF) << 8
                    | (data[i + 2] & 0xFF) << 16
                    | (data[i + 3] & 0xFF) << 24;
            h ^= mixKey(k);
            h = Integer.rotateLeft(h, BLOCK_ROTATION) * BLOCK_MULTIPLIER + BLOCK_ADDEND;
        }
        if (blocksEnd < data.length) {
            int tail = 0;
            for (int i = data.length - 1; i >= blocksEnd; i--) {
                tail = tail << 8 | (data[i] & 0xFF);
            }
            h ^= mixKey(tail);
        }
        h ^= data.length;
        return fmix32(h);
    }

    private static int mixKey(int k) {
        return Integer.rotateLeft(k * C1, KEY_ROTATION) * C2;
    }

    /** The final avalanche: every input bit affects every output bit. */
    private static int fmix32(int h) {
        h ^= h >>> 16;
        h *= FMIX_MULTIPLIER_1;
        h ^= h >>> 13;
        h *= FMIX_MULTIPLIER_2;
        h ^= h >>> 16;
        return h;
    }
}
