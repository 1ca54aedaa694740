package dev.basalt.server.check.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The graph primitives under the list-append checker: components, paths, the element table. */
class GraphSearchTest {
    private static final int A = 1;
    private static final int B = 2;

    private static int[] all(int n) {
        int[] nodes = new int[n];
        Arrays.setAll(nodes, i -> i);
        return nodes;
    }

    @Test
    void componentsAreNumberedInReverseTopologicalOrder() {
        // 0 -> 1 <-> 2 -> 3
        Digraph.Builder b = new Digraph.Builder(4);
        b.add(0, 1, A, -1);
        b.add(1, 2, A, -1);
        b.add(2, 1, A, -1);
        b.add(2, 3, A, -1);
        Digraph g = b.build();
        int[] component = new int[4];
        int count = new StrongComponents(g).label(all(4), 4, A, null, 0, component);
        assertEquals(3, count);
        assertEquals(component[1], component[2]);
        assertTrue(component[3] < component[1], "3 is reachable from {1, 2}, so it completes first");
        assertTrue(component[1] < component[0]);
    }

    @Test
    void componentsFollowOnlyTheMaskedKinds() {
        Digraph.Builder b = new Digraph.Builder(2);
        b.add(0, 1, A, -1);
        b.add(1, 0, B, -1);
        Digraph g = b.build();
        int[] component = new int[2];
        StrongComponents components = new StrongComponents(g);
        assertEquals(1, components.label(all(2), 2, A | B, null, 0, component));
        assertEquals(2, components.label(all(2), 2, A, null, 0, component));
    }

    @Test
    void aChainOfAMillionNodesDoesNotOverflowTheStack() {
        int n = 1_000_000;
        Digraph.Builder b = new Digraph.Builder(n);
        for (int i = 0; i + 1 < n; i++) {
            b.add(i, i + 1, A, -1);
        }
        b.add(n - 1, 0, A, -1);
        int[] component = new int[n];
        assertEquals(1, new StrongComponents(b.build()).label(all(n), n, A, null, 0, component));
    }

    @Test
    void pathsAreShortestAndRespectScopeAndRank() {
        // 0 -> 1 -> 2 -> 3 and a shortcut 0 -> 3 of kind B
        Digraph.Builder b = new Digraph.Builder(4);
        b.add(0, 1, A, 10);
        b.add(1, 2, A, 11);
        b.add(2, 3, A, 12);
        b.add(0, 3, B, 13);
        Digraph g = b.build();
        PathFinder finder = new PathFinder(g);
        finder.budget(1_000);
        int[] scope = new int[4];
        int[] rank = new int[4];
        int[] viaA = finder.path(0, 3, A, scope, 0, rank, 0, 0);
        assertEquals(3, viaA.length);
        assertEquals(12, g.label(viaA[2]));
        int[] viaAny = finder.path(0, 3, A | B, scope, 0, rank, 0, 0);
        assertEquals(1, viaAny.length);
        scope[2] = 1; // out of scope: no way around it with kind A
        assertNull(finder.path(0, 3, A, scope, 0, rank, 0, 0));
        scope[2] = 0;
        rank[1] = -1; // ranked below the window
        assertNull(finder.path(0, 3, A, scope, 0, rank, 0, 0));
        assertFalse(finder.exhausted());
    }

    @Test
    void aSearchThatSpendsItsBudgetSaysSoInsteadOfClaimingThereIsNoPath() {
        int n = 1_000;
        Digraph.Builder b = new Digraph.Builder(n);
        for (int i = 0; i + 1 < n; i++) {
            b.add(i, i + 1, A, -1);
        }
        PathFinder finder = new PathFinder(b.build());
        finder.budget(100);
        assertNull(finder.path(0, n - 1, A, new int[n], 0, new int[n], 0, 0));
        assertTrue(finder.exhausted());
        finder.budget(10_000);
        assertEquals(n - 1, finder.path(0, n - 1, A, new int[n], 0, new int[n], 0, 0).length);
    }

    @Test
    void theElementTableMapsLongsAndGrows() {
        LongIntMap map = new LongIntMap();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(LongIntMap.ABSENT, map.putIfAbsent(i * 1_000_003L, i));
        }
        assertEquals(10_000, map.size());
        assertEquals(77, map.putIfAbsent(77 * 1_000_003L, 5), "present keys keep their value");
        assertEquals(9_999, map.get(9_999 * 1_000_003L));
        assertEquals(LongIntMap.ABSENT, map.get(-1));
        assertNotEquals(LongIntMap.ABSENT, map.get(0));
    }

    @Test
    void edgesAreGroupedBySourceKeepingTheirKindAndLabel() {
        Digraph.Builder b = new Digraph.Builder(3);
        b.add(2, 0, B, 7);
        b.add(0, 1, A, 5);
        b.add(2, 1, A, 6);
        Digraph g = b.build();
        assertEquals(1, g.end(0) - g.start(0));
        assertEquals(0, g.end(1) - g.start(1));
        int[] targets = new int[2];
        int[] labels = new int[2];
        for (int e = g.start(2), i = 0; e < g.end(2); e++, i++) {
            targets[i] = g.target(e);
            labels[i] = g.label(e);
        }
        assertArrayEquals(new int[] {0, 1}, targets);
        assertArrayEquals(new int[] {7, 6}, labels);
    }
}
