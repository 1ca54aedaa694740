package dev.basalt.server.check.analysis;

import java.util.Arrays;

/**
 * A directed multigraph over nodes {@code 0 .. nodeCount - 1} in compressed sparse row form:
 * the edges leaving node {@code u} are positions {@code start(u) .. end(u) - 1}, each with a
 * target, a kind (one bit, so searches select kinds with a mask) and an int label (the list-append
 * checker stores the key's ordinal, or -1). Built once by {@link Builder}, then read-only.
 */
final class Digraph {
    private final int nodeCount;
    private final int[] starts;
    private final int[] targets;
    private final byte[] kinds;
    private final int[] labels;

    private Digraph(int nodeCount, int[] starts, int[] targets, byte[] kinds, int[] labels) {
        this.nodeCount = nodeCount;
        this.starts = starts;
        this.targets = targets;
        this.kinds = kinds;
        this.labels = labels;
    }

    int nodeCount() {
        return nodeCount;
    }

    int edgeCount() {
        return targets.length;
    }

    int start(int node) {
        return starts[node];
    }

    int end(int node) {
        return starts[node + 1];
    }

    int target(int edge) {
        return targets[edge];
    }

    int kind(int edge) {
        return kinds[edge];
    }

    int label(int edge) {
        return labels[edge];
    }

    /** Collects edges in any order; {@link #build} sorts them by source (counting sort). */
    static final class Builder {
        private final int nodeCount;
        private int[] sources = new int[1024];
        private int[] targets = new int[1024];
        private byte[] kinds = new byte[1024];
        private int[] labels = new int[1024];
        private int size;

        Builder(int nodeCount) {
            this.nodeCount = nodeCount;
        }

        void add(int source, int target, int kind, int label) {
            if (kind <= 0 || kind > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("edge kind must be a bit in 1..127, was " + kind);
            }
            if (source < 0 || source >= nodeCount || target < 0 || target >= nodeCount) {
                throw new IllegalArgumentException("edge " + source + " -> " + target + " is outside 0.." + (nodeCount - 1));
            }
            if (size == sources.length) {
                int capacity = size * 2;
                sources = Arrays.copyOf(sources, capacity);
                targets = Arrays.copyOf(targets, capacity);
                kinds = Arrays.copyOf(kinds, capacity);
                labels = Arrays.copyOf(labels, capacity);
            }
            sources[size] = source;
            targets[size] = target;
            kinds[size] = (byte) kind;
            labels[size] = label;
            size++;
        }

        Digraph build() {
            int[] starts = new int[nodeCount + 1];
            for (int i = 0; i < size; i++) {
                starts[sources[i] + 1]++;
            }
            for (int u = 0; u < nodeCount; u++) {
                starts[u + 1] += starts[u];
            }
            int[] next = Arrays.copyOf(starts, nodeCount);
            int[] sortedTargets = new int[size];
            byte[] sortedKinds = new byte[size];
            int[] sortedLabels = new int[size];
            for (int i = 0; i < size; i++) {
                int at = next[sources[i]]++;
                sortedTargets[at] = targets[i];
                sortedKinds[at] = kinds[i];
                sortedLabels[at] = labels[i];
            }
            return new Digraph(nodeCount, starts, sortedTargets, sortedKinds, sortedLabels);
        }
    }
}
