package dev.basalt.sql.internal.rows;

/**
 * A row's hash slot (DESIGN.md section 2): MurmurHash3 (x86, 32-bit, seed 0) of the
 * order-preserving encoding of its distribution-key values, modulo 65,536. The function is part of
 * the storage format: changing it would move every stored row.
 */
public final class SlotHash {
    public static final int SLOTS = 65_536;

    private SlotHash() {
    }

    public static int slotOf(byte[] distributionKey) {
        return Integer.remainderUnsigned(murmur3(distributionKey), SLOTS);
    }

    static int murmur3(byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xFF) | (data[4 * i + 1] & 0xFF) << 8 | (data[4 * i + 2] & 0xFF) << 16 | (data[4 * i + 3] & 0xFF) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xFF) << 16;
            case 2: // falls through
                k ^= (data[tail + 1] & 0xFF) << 8;
            case 1: // falls through
                k ^= data[tail] & 0xFF;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
            default:
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
