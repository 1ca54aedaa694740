package dev.basalt.server.check.analysis;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} to non-negative {@code int}, for the per-key element
 * tables of the list-append checker: a million boxed {@code HashMap} entries cost several times
 * the memory and time of two flat arrays.
 */
final class LongIntMap {
    /** What {@link #get} returns for an absent key. */
    static final int ABSENT = -1;

    private static final int CAPACITY_MIN = 8;

    private long[] keys;
    private int[] values; // ABSENT marks a free slot
    private int size;

    LongIntMap() {
        keys = new long[CAPACITY_MIN];
        values = new int[CAPACITY_MIN];
        Arrays.fill(values, ABSENT);
    }

    int size() {
        return size;
    }

    int get(long key) {
        int mask = keys.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            if (values[slot] == ABSENT) {
                return ABSENT;
            }
            if (keys[slot] == key) {
                return values[slot];
            }
        }
    }

    /** Maps {@code key} to {@code value} unless it is present; returns the previous value or ABSENT. */
    int putIfAbsent(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be >= 0, was " + value);
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            if (values[slot] == ABSENT) {
                keys[slot] = key;
                values[slot] = value;
                size++;
                return ABSENT;
            }
            if (keys[slot] == key) {
                return values[slot];
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, ABSENT);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != ABSENT) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads sequential elements
        return (int) (h ^ (h >>> 32));
    }
}
