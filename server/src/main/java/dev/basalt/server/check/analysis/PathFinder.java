package dev.basalt.server.check.analysis;

import java.util.Arrays;

/**
 * Breadth-first search for a shortest path between two nodes of a {@link Digraph}, through a
 * chosen part of it. Visit marks are stamped with a per-search number, so a search costs time in
 * the nodes it reaches, never in the size of the graph, and thousands of searches inside one
 * component stay cheap.
 *
 * <p>Every search spends from a budget of edge visits set by {@link #budget}; when it runs out,
 * searches return null and {@link #exhausted} says the answer was cut short rather than "no path".
 */
final class PathFinder {
    private final Digraph graph;
    private final int[] stamps;
    private final int[] viaEdge;
    private final int[] viaNode;
    private final int[] queue;
    private int stamp;
    private long edgeVisitsLeft;
    private boolean exhausted;

    PathFinder(Digraph graph) {
        this.graph = graph;
        int n = graph.nodeCount();
        stamps = new int[n];
        viaEdge = new int[n];
        viaNode = new int[n];
        queue = new int[n];
    }

    /** Sets the edge visits the following searches may spend, and clears {@link #exhausted}. */
    void budget(long edgeVisits) {
        edgeVisitsLeft = edgeVisits;
        exhausted = false;
    }

    boolean exhausted() {
        return exhausted;
    }

    /**
     * The edges of a shortest path from {@code from} to {@code to} (at least one edge), or null;
     * {@code from} and {@code to} differ.
     * Follows edges whose kind is in {@code mask}, into nodes {@code v} with {@code scope[v] ==
     * scopeId} and {@code rankMin <= rank[v] <= rankMax}.
     */
    int[] path(int from, int to, int mask, int[] scope, int scopeId, int[] rank, int rankMin, int rankMax) {
        if (exhausted) {
            return null;
        }
        if (++stamp == 0) { // wrapped after 2^32 searches: forget every old mark
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
        int head = 0;
        int tail = 0;
        queue[tail++] = from;
        stamps[from] = stamp;
        while (head < tail) {
            int u = queue[head++];
            for (int edge = graph.start(u); edge < graph.end(u); edge++) {
                if (--edgeVisitsLeft < 0) {
                    exhausted = true;
                    return null;
                }
                if ((graph.kind(edge) & mask) == 0) {
                    continue;
                }
                int v = graph.target(edge);
                if (stamps[v] == stamp || scope[v] != scopeId || rank[v] < rankMin || rank[v] > rankMax) {
                    continue;
                }
                stamps[v] = stamp;
                viaEdge[v] = edge;
                viaNode[v] = u;
                if (v == to) {
                    return trace(from, to);
                }
                queue[tail++] = v;
            }
        }
        return null;
    }

    private int[] trace(int from, int to) {
        int length = 0;
        for (int v = to; v != from; v = viaNode[v]) {
            length++;
        }
        int[] edges = new int[length];
        int i = length - 1;
        for (int v = to; v != from; v = viaNode[v]) {
            edges[i--] = viaEdge[v];
        }
        return edges;
    }
}
