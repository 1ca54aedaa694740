package dev.basalt.range.internal;

import dev.basalt.range.StorageKey;
import java.util.Arrays;

/**
 * Encodings of versioned keys in the {@code write} and {@code rollback} column families:
 * {@code [8-byte prefix][escaped rest][0x00 0x01][8-byte timestamp suffix]}.
 *
 * <p>The rest of the user key is escaped (0x00 becomes 0x00 0xFF) and terminated by 0x00 0x01, so
 * no user key's encoding is a prefix of another's: all versions of one key are contiguous, and keys
 * still sort in user-key order. The prefix stays raw so the slot can be read without decoding. In
 * the write column family the suffix is {@code ~commitTs}, so the newest version comes first; a
 * seek to {@code encode(key, readTs)} lands on the newest version at or below {@code readTs}.
 */
final class MvccKeys {
    static final int SUFFIX_BYTES = 8;

    private MvccKeys() {
    }

    /** The key of {@code userKey}'s version at {@code ts}, newest first. */
    static byte[] version(byte[] userKey, long ts) {
        return encode(userKey, ~ts);
    }

    /** The key of a rollback marker of {@code startTs} on {@code userKey}. */
    static byte[] marker(byte[] userKey, long startTs) {
        return encode(userKey, startTs);
    }

    /** The smallest encoded key of {@code userKey}: before all its versions. */
    static byte[] first(byte[] userKey) {
        return encode(userKey, Long.MIN_VALUE);
    }

    private static byte[] encode(byte[] userKey, long suffix) {
        int zeros = 0;
        for (int i = StorageKey.PREFIX_BYTES; i < userKey.length; i++) {
            if (userKey[i] == 0) {
                zeros++;
            }
        }
        byte[] out = new byte[userKey.length + zeros + 2 + SUFFIX_BYTES];
        System.arraycopy(userKey, 0, out, 0, StorageKey.PREFIX_BYTES);
        int p = StorageKey.PREFIX_BYTES;
        for (int i = StorageKey.PREFIX_BYTES; i < userKey.length; i++) {
            out[p++] = userKey[i];
            if (userKey[i] == 0) {
                out[p++] = (byte) 0xFF;
            }
        }
        out[p++] = 0;
        out[p++] = 1;
        long s = suffix ^ Long.MIN_VALUE; // unsigned order of the suffix follows signed order of the value
        for (int shift = 56; shift >= 0; shift -= 8) {
            out[p++] = (byte) (s >>> shift);
        }
        return out;
    }

    /** The user key an encoded key belongs to. */
    static byte[] userKey(byte[] encoded) {
        byte[] out = new byte[encoded.length];
        System.arraycopy(encoded, 0, out, 0, StorageKey.PREFIX_BYTES);
        int p = StorageKey.PREFIX_BYTES;
        int end = encoded.length - SUFFIX_BYTES;
        for (int i = StorageKey.PREFIX_BYTES; i < end; i++) {
            if (encoded[i] == 0) {
                if (encoded[i + 1] == 1) {
                    return Arrays.copyOf(out, p);
                }
                i++; // 0x00 0xFF is an escaped zero byte
                out[p++] = 0;
                continue;
            }
            out[p++] = encoded[i];
        }
        throw new IllegalStateException("corrupt versioned key: no terminator");
    }

    static long suffix(byte[] encoded) {
        long s = 0;
        for (int i = encoded.length - SUFFIX_BYTES; i < encoded.length; i++) {
            s = (s << 8) | (encoded[i] & 0xFF);
        }
        return s ^ Long.MIN_VALUE;
    }

    /** The commit timestamp of a write-CF key. */
    static long commitTs(byte[] encoded) {
        return ~suffix(encoded);
    }

    /** True when {@code encoded} is a version of {@code userKey} (same escaped body and terminator). */
    static boolean belongsTo(byte[] encoded, byte[] userKeyFirst) {
        int bodyLength = userKeyFirst.length - SUFFIX_BYTES;
        return encoded.length == userKeyFirst.length
                && Arrays.equals(encoded, 0, bodyLength, userKeyFirst, 0, bodyLength);
    }
}
