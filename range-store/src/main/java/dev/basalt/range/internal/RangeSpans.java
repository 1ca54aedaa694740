package dev.basalt.range.internal;

import dev.basalt.range.StorageKey;
import org.rocksdb.RocksIterator;

/**
 * Walks the keys of one range in one column family. A range owns the slots
 * {@code [slotStart, slotEnd)} of every (table, index) pair, so its keys form one span per pair;
 * the walk seeks from span to span instead of reading the keys of other ranges in between. Work is
 * one seek per (table, index) pair present plus one step per key of the range.
 */
final class RangeSpans {
    interface Visitor {
        /** Returns false to stop the walk. */
        boolean visit(byte[] key, byte[] value);
    }

    private RangeSpans() {
    }

    static void walk(RocksIterator it, int slotStart, int slotEnd, Visitor visitor) {
        it.seek(StorageKey.prefix(0, 0, slotStart));
        while (it.isValid()) {
            byte[] key = it.key();
            if (key.length < StorageKey.PREFIX_BYTES) {
                it.next();
                continue;
            }
            long table = StorageKey.tableId(key);
            int index = StorageKey.indexId(key);
            int slot = StorageKey.slot(key);
            if (slot < slotStart) {
                it.seek(StorageKey.prefix(table, index, slotStart));
            } else if (slot >= slotEnd) {
                if (index < 0xFFFF) {
                    it.seek(StorageKey.prefix(table, index + 1, slotStart));
                } else if (table < 0xFFFF_FFFFL) {
                    it.seek(StorageKey.prefix(table + 1, 0, slotStart));
                } else {
                    return;
                }
            } else {
                if (!visitor.visit(key, it.value())) {
                    return;
                }
                it.next();
            }
        }
    }
}
