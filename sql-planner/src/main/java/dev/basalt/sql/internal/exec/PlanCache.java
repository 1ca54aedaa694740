package dev.basalt.sql.internal.exec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plans by (catalog version, SQL text), least recently used out first. A DDL bumps the catalog
 * version, so a statement planned against an older schema is never run again: it is re-planned.
 */
public final class PlanCache {
    private record Key(long catalogVersion, String sql) {
    }

    private final int capacity;
    private final Map<Key, Plan> plans;

    public PlanCache(int capacity) {
        this.capacity = capacity;
        this.plans = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
                return size() > PlanCache.this.capacity;
            }
        };
    }

    public synchronized Plan get(long catalogVersion, String sql) {
        return plans.get(new Key(catalogVersion, sql));
    }

    public synchronized void put(long catalogVersion, String sql, Plan plan) {
        plans.put(new Key(catalogVersion, sql), plan);
    }

    /** Drops every version's plan of {@code sql}. */
    public synchronized void remove(String sql) {
        plans.keySet().removeIf(k -> k.sql().equals(sql));
    }

    public synchronized int size() {
        return plans.size();
    }
}
