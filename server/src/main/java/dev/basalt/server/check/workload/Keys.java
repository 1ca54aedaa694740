package dev.basalt.server.check.workload;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.key.Slots;
import dev.basalt.range.StorageKey;
import java.util.ArrayList;
import java.util.List;

/** Storage keys and value encodings of the checker's workloads: each row in the hash slot of its 8-byte id, so rows spread over every range. */
final class Keys {
    private Keys() {
    }

    static byte[] id8(long id) {
        return new ByteWriter(8).i64(id).toByteArray();
    }

    /** Row {@code id} of {@code (table, index)}, placed by the hash of {@code placeBy}. */
    static byte[] row(long table, int index, long placeBy, long id) {
        return StorageKey.of(table, index, Slots.slotOf(id8(placeBy)), id8(id));
    }

    static long idOf(byte[] key) {
        return new ByteReader(key, StorageKey.PREFIX_BYTES, 8).i64();
    }

    static byte[] longs(List<Long> values) {
        ByteWriter w = new ByteWriter(8 * values.size() + 4).i32(values.size());
        values.forEach(w::i64);
        return w.toByteArray();
    }

    static List<Long> longs(byte[] bytes) {
        if (bytes == null) {
            return List.of();
        }
        ByteReader r = new ByteReader(bytes);
        int n = r.count(8);
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.i64());
        }
        r.expectEnd();
        return out;
    }

    static byte[] oneLong(long v) {
        return id8(v);
    }

    static Long oneLong(byte[] bytes) {
        return bytes == null ? null : new ByteReader(bytes).i64();
    }
}
