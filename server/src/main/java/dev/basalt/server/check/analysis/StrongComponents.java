package dev.basalt.server.check.analysis;

import java.util.Arrays;

/**
 * Tarjan's strongly connected components, iterative (histories have hundreds of thousands of
 * transactions; a recursive DFS would overflow the stack), over a chosen part of a {@link
 * Digraph}: only edges whose kind is in a mask, only nodes in one scope. The workspace arrays are
 * allocated once per graph and reset only for the nodes of each run, so running once per
 * component of a large graph costs time linear in the component, not in the graph.
 *
 * <p>Components are numbered in the order Tarjan completes them, which is a reverse topological
 * order: <b>if a path leads from component x to a different component y, then y &lt; x.</b> The
 * cycle searches use this to prune: a node numbered below the goal's component cannot reach it.
 */
final class StrongComponents {
    private static final int UNVISITED = -1;

    private final Digraph graph;
    private final int[] discovered;
    private final int[] low;
    private final boolean[] onStack;
    private final int[] stack;
    private final int[] callNodes;
    private final int[] callEdges;

    StrongComponents(Digraph graph) {
        this.graph = graph;
        int n = graph.nodeCount();
        discovered = new int[n];
        low = new int[n];
        onStack = new boolean[n];
        stack = new int[n];
        callNodes = new int[n];
        callEdges = new int[n];
        Arrays.fill(discovered, UNVISITED);
    }

    /**
     * Numbers the components among {@code nodes[0 .. count - 1]}, writing each node's component
     * to {@code componentOut}; returns how many components there are.
     *
     * @param mask edge kinds to follow
     * @param scope if not null, only nodes {@code v} with {@code scope[v] == scopeId} are entered;
     *     every node of {@code nodes} must be in scope, and every in-scope node reachable over
     *     {@code mask} edges must be among {@code nodes}
     */
    int label(int[] nodes, int count, int mask, int[] scope, int scopeId, int[] componentOut) {
        for (int i = 0; i < count; i++) {
            discovered[nodes[i]] = UNVISITED;
        }
        int counter = 0;
        int components = 0;
        int stackSize = 0;
        for (int i = 0; i < count; i++) {
            int root = nodes[i];
            if (discovered[root] != UNVISITED) {
                continue;
            }
            int depth = 0;
            discovered[root] = low[root] = counter++;
            stack[stackSize++] = root;
            onStack[root] = true;
            callNodes[depth] = root;
            callEdges[depth] = graph.start(root);
            depth++;
            while (depth > 0) {
                int u = callNodes[depth - 1];
                int edge = callEdges[depth - 1];
                if (edge < graph.end(u)) {
                    callEdges[depth - 1] = edge + 1;
                    if ((graph.kind(edge) & mask) == 0) {
                        continue;
                    }
                    int v = graph.target(edge);
                    if (scope != null && scope[v] != scopeId) {
                        continue;
                    }
                    if (discovered[v] == UNVISITED) {
                        discovered[v] = low[v] = counter++;
                        stack[stackSize++] = v;
                        onStack[v] = true;
                        callNodes[depth] = v;
                        callEdges[depth] = graph.start(v);
                        depth++;
                    } else if (onStack[v]) {
                        low[u] = Math.min(low[u], discovered[v]);
                    }
                    continue;
                }
                depth--;
                if (low[u] == discovered[u]) {
                    int member;
                    do {
                        member = stack[--stackSize];
                        onStack[member] = false;
                        componentOut[member] = components;
                    } while (member != u);
                    components++;
                }
                if (depth > 0) {
                    int parent = callNodes[depth - 1];
                    low[parent] = Math.min(low[parent], low[u]);
                }
            }
        }
        return components;
    }
}
