package dev.basalt.range;

import java.util.List;

/**
 * One range: the hash slots {@code [slotStart, slotEnd)} of every table and index, replicated on
 * {@code replicas} (node ids, ascending; which replica leads is Raft's business, not the descriptor's). The generation grows with every
 * change of the slot interval or the replica set, so a request routed with an older generation can
 * be refused.
 */
public record RangeDescriptor(long rangeId, int slotStart, int slotEnd, List<Integer> replicas, long generation) {
    public static final int SLOT_COUNT = 65536;

    public RangeDescriptor {
        if (rangeId < 0) {
            throw new IllegalArgumentException("range id must be >= 0: " + rangeId);
        }
        if (slotStart < 0 || slotEnd > SLOT_COUNT || slotStart >= slotEnd) {
            throw new IllegalArgumentException("range " + rangeId + ": bad slot interval [" + slotStart + ", " + slotEnd + ")");
        }
        replicas = List.copyOf(replicas);
        if (replicas.isEmpty() || replicas.stream().distinct().count() != replicas.size()) {
            throw new IllegalArgumentException("range " + rangeId + ": replicas must be distinct and non-empty: " + replicas);
        }
    }

    public boolean containsSlot(int slot) {
        return slot >= slotStart && slot < slotEnd;
    }

    public RangeDescriptor withReplicas(List<Integer> newReplicas) {
        return new RangeDescriptor(rangeId, slotStart, slotEnd, newReplicas, generation + 1);
    }

    /**
     * The fixed layout used until the placement driver exists: {@code count} ranges that cut the
     * slot space into equal intervals, each on {@code replicationFactor} consecutive nodes of
     * {@code nodeIds} (round-robin, so that replicas spread evenly), listed in ascending order.
     */
    public static List<RangeDescriptor> evenLayout(int count, List<Integer> nodeIds, int replicationFactor) {
        if (count < 1 || count > SLOT_COUNT) {
            throw new IllegalArgumentException("range count must be in [1, " + SLOT_COUNT + "]: " + count);
        }
        if (replicationFactor < 1 || replicationFactor > nodeIds.size()) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " needs at least that many nodes, have " + nodeIds.size());
        }
        List<RangeDescriptor> ranges = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = (int) ((long) SLOT_COUNT * i / count);
            int end = (int) ((long) SLOT_COUNT * (i + 1) / count);
            List<Integer> replicas = new java.util.ArrayList<>(replicationFactor);
            for (int r = 0; r < replicationFactor; r++) {
                replicas.add(nodeIds.get((i + r) % nodeIds.size()));
            }
            replicas.sort(null);
            ranges.add(new RangeDescriptor(i + 1, start, end, replicas, 1));
        }
        return ranges;
    }
}
