package dev.basalt.server.check.history;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of the bank workload's final read ({@code f = "final"}), taken after the faults
 * healed: one snapshot of every account and of every ledger row. A transfer writes its ledger row
 * (keyed by its id, carrying the amount it moved) in the same transaction as its two balance
 * changes, so the ledger explains every balance. Sorted, immutable.
 */
public record BankFinal(Map<Long, Long> balances, Map<Long, Transfer> ledger) {
    public BankFinal {
        balances = Collections.unmodifiableMap(new TreeMap<>(balances));
        ledger = Collections.unmodifiableMap(new TreeMap<>(ledger));
    }
}
