package dev.basalt.common.key;

import java.util.Objects;

/** One column of a composite key: its type and its direction. */
public record KeyColumn(KeyType type, SortOrder order) {

    public KeyColumn {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
    }

    public static KeyColumn asc(KeyType type) {
        return new KeyColumn(type, SortOrder.ASC);
    }

    public static KeyColumn desc(KeyType type) {
        return new KeyColumn(type, SortOrder.DESC);
    }

    /** {@code INT ASC}, {@code VARCHAR(16) DESC}. */
    @Override
    public String toString() {
        return type + " " + order;
    }
}
