package dev.basalt.server.check.history;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of an OK bank read ({@code f = "read"}): the balance of every account seen in one
 * snapshot. Sorted by account, immutable.
 */
public record BankRead(Map<Long, Long> balances) {
    public BankRead {
        balances = Collections.unmodifiableMap(new TreeMap<>(balances));
    }
}
