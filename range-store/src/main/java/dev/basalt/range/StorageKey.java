package dev.basalt.range;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;

/**
 * The storage key of a row or index entry: {@code [tableId u32][indexId u16][slot u16][key bytes]}
 * (DESIGN.md section 2). The first {@link #PREFIX_BYTES} bytes place the key in a range: every key a
 * range stores has its slot inside the range's interval, and each (table, index) pair of a range is
 * one contiguous span.
 */
public final class StorageKey {
    public static final int PREFIX_BYTES = 8;

    private StorageKey() {
    }

    public static byte[] of(long tableId, int indexId, int slot, byte[] key) {
        byte[] out = new byte[PREFIX_BYTES + key.length];
        writePrefix(out, tableId, indexId, slot);
        System.arraycopy(key, 0, out, PREFIX_BYTES, key.length);
        return out;
    }

    public static byte[] prefix(long tableId, int indexId, int slot) {
        byte[] out = new byte[PREFIX_BYTES];
        writePrefix(out, tableId, indexId, slot);
        return out;
    }

    /**
     * The first key after every key of ({@code tableId}, {@code indexId}): the prefix of the next
     * index. A scan to the end of an index ends here (a slot cannot say "past the last slot").
     */
    public static byte[] indexEnd(long tableId, int indexId) {
        return indexId < 0xFFFF ? prefix(tableId, indexId + 1, 0) : prefix(tableId + 1, 0, 0);
    }

    /** Whether {@code end} is {@link #indexEnd} of {@code start}'s table and index. */
    public static boolean isIndexEnd(byte[] end, byte[] start) {
        return java.util.Arrays.equals(end, indexEnd(tableId(start), indexId(start)));
    }

    private static void writePrefix(byte[] out, long tableId, int indexId, int slot) {
        if (tableId < 0 || tableId > 0xFFFF_FFFFL || indexId < 0 || indexId > 0xFFFF || slot < 0 || slot > 0xFFFF) {
            throw new IllegalArgumentException("key prefix out of range: table " + tableId + " index " + indexId + " slot " + slot);
        }
        out[0] = (byte) (tableId >>> 24);
        out[1] = (byte) (tableId >>> 16);
        out[2] = (byte) (tableId >>> 8);
        out[3] = (byte) tableId;
        out[4] = (byte) (indexId >>> 8);
        out[5] = (byte) indexId;
        out[6] = (byte) (slot >>> 8);
        out[7] = (byte) slot;
    }

    public static long tableId(byte[] key) {
        return ((key[0] & 0xFFL) << 24) | ((key[1] & 0xFFL) << 16) | ((key[2] & 0xFFL) << 8) | (key[3] & 0xFFL);
    }

    public static int indexId(byte[] key) {
        return ((key[4] & 0xFF) << 8) | (key[5] & 0xFF);
    }

    public static int slot(byte[] key) {
        return ((key[6] & 0xFF) << 8) | (key[7] & 0xFF);
    }

    /** Rejects a key that is too short to carry a prefix or whose slot lies outside the range. */
    public static void checkInRange(byte[] key, RangeDescriptor range) {
        if (key == null || key.length < PREFIX_BYTES) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "range " + range.rangeId()
                    + ": key must have at least " + PREFIX_BYTES + " bytes (table, index, slot), got "
                    + (key == null ? "null" : key.length));
        }
        int slot = slot(key);
        if (!range.containsSlot(slot)) {
            throw new BasaltException(ErrorCode.RANGE_MOVED, "range " + range.rangeId() + ": key slot " + slot
                    + " is outside [" + range.slotStart() + ", " + range.slotEnd() + ")");
        }
    }

    public static String toString(byte[] key) {
        if (key == null) {
            return "null";
        }
        if (key.length < PREFIX_BYTES) {
            return "0x" + java.util.HexFormat.of().formatHex(key);
        }
        return "/" + tableId(key) + "/" + indexId(key) + "/" + slot(key) + "/0x"
                + java.util.HexFormat.of().formatHex(key, PREFIX_BYTES, key.length);
    }
}
