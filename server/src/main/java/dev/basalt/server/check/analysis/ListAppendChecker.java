package dev.basalt.server.check.analysis;

import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.Mop;
import dev.basalt.server.check.history.Op;
import dev.basalt.server.check.history.Operation;
import dev.basalt.server.check.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Checks a list-append history against strong snapshot isolation: snapshot isolation in which a
 * transaction sees every transaction that committed before it began. The analysis follows Elle
 * (Kingsbury and Alvaro, 2020); the package essay walks through it with an example.
 *
 * <ol>
 *   <li>Per key, the reads give the version order (the longest list observed), and direct
 *       checks: incompatible orders, duplicates, garbage, aborted reads (G1a), intermediate reads
 *       (G1b), lost appends.</li>
 *   <li>Per OK transaction, its reads must agree with each other and with its own appends
 *       (internal).</li>
 *   <li>A dependency graph over committed transactions with ww, wr, rw and rt edges; Tarjan's
 *       components; then in each component of more than one transaction, a search for the cycles
 *       that name an anomaly: G0, G1c, G-single (forbidden), G2 (allowed), and the same with
 *       real-time edges.</li>
 * </ol>
 */
public final class ListAppendChecker implements Checker {
    /** The function of list-append transactions. */
    public static final String F = "txn";

    /**
     * Edge visits one component's search for one kind of cycle may spend. A component of a valid
     * history needs a tiny fraction of this; a pathological one is cut off with a note instead of
     * running for hours.
     */
    public static final long SEARCH_EDGE_VISITS_PER_COMPONENT_MAX = 50_000_000L;

    /** Elements of a list shown in an example; longer lists show their tail. */
    static final int LIST_ELEMENTS_SHOWN_MAX = 8;

    /** The anomalies found as cycles, whose searches stop once they have enough examples. */
    static final List<String> CYCLE_ANOMALIES = List.of("G0", "G1c", "G-single", "G2", "G0-realtime", "G1c-realtime", "G-single-realtime");

    static final int WW = 1;
    static final int WR = 2;
    static final int RW = 4;
    static final int RT = 8;

    @Override
    public Verdict check(History history) {
        return new Analysis(history).run();
    }

    /** One read micro-op of an OK transaction. */
    private record Read(int txn, List<Long> list) {}

    /** Everything known about one key. */
    private static final class KeyState {
        final long key;
        int ordinal;
        /** element -> append slot */
        final LongIntMap slotOf = new LongIntMap();
        long[] appendElement = new long[4];
        int[] appendTxn = new int[4];
        boolean[] appendFinal = new boolean[4];
        /** per slot: position in the version order; NOT_OBSERVED; or OUT_OF_ORDER (seen only in incompatible reads) */
        int[] position = new int[4];
        int appendCount;
        final List<Read> reads = new ArrayList<>();
        boolean[] compatible;
        /** the longest list read: the version order */
        List<Long> order = List.of();
        Read orderRead;
        /** the OK read of this key invoked last (the final read, if the tool made one) */
        Read lastRead;
        long lastReadInvoke = -1;

        static final int NOT_OBSERVED = -1;
        static final int OUT_OF_ORDER = -2;

        KeyState(long key) {
            this.key = key;
        }

        /** Returns false if the element already had a writer (a generator bug). */
        boolean addAppend(long element, int txn, boolean isFinal) {
            if (slotOf.putIfAbsent(element, appendCount) != LongIntMap.ABSENT) {
                return false;
            }
            if (appendCount == appendElement.length) {
                int capacity = appendCount * 2;
                appendElement = Arrays.copyOf(appendElement, capacity);
                appendTxn = Arrays.copyOf(appendTxn, capacity);
                appendFinal = Arrays.copyOf(appendFinal, capacity);
                position = Arrays.copyOf(position, capacity);
            }
            appendElement[appendCount] = element;
            appendTxn[appendCount] = txn;
            appendFinal[appendCount] = isFinal;
            position[appendCount] = NOT_OBSERVED;
            appendCount++;
            return true;
        }

        /** The transaction that appended {@code element}, or -1 if none did. */
        int writer(long element) {
            int slot = slotOf.get(element);
            return slot == LongIntMap.ABSENT ? -1 : appendTxn[slot];
        }
    }

    /** The state of one check; the checker itself holds none. */
    private static final class Analysis {
        private final History history;
        private final List<Operation> txns;
        private final int n;
        private final List<List<Mop>> mops = new ArrayList<>();
        private final boolean[] observed;
        private final boolean[] inGraph;
        private final Map<Long, KeyState> keys = new HashMap<>();
        private long[] keyByOrdinal;
        private final Findings findings = new Findings();
        private int duplicateAppends;

        private Digraph graph;
        private int[] fullComponent;
        private StrongComponents components;
        private PathFinder finder;

        Analysis(History history) {
            this.history = history;
            this.txns = history.operations(F);
            this.n = txns.size();
            this.observed = new boolean[n];
            this.inGraph = new boolean[n];
        }

        Verdict run() {
            collect();
            List<KeyState> ordered = new ArrayList<>(new TreeMap<>(keys).values());
            keyByOrdinal = new long[ordered.size()];
            for (int i = 0; i < ordered.size(); i++) {
                ordered.get(i).ordinal = i;
                keyByOrdinal[i] = ordered.get(i).key;
            }
            for (KeyState ks : ordered) {
                versionOrder(ks);
            }
            for (KeyState ks : ordered) {
                intermediateReads(ks);
                lostAppends(ks);
            }
            internalConsistency();
            for (int t = 0; t < n; t++) {
                inGraph[t] = txns.get(t).isOk() || (txns.get(t).isUnknown() && observed[t]);
            }
            buildGraph(ordered);
            searchCycles();
            noteCounts();
            return findings.verdict();
        }

        // ---- 1. collect ----------------------------------------------------------------

        private void collect() {
            for (int t = 0; t < n; t++) {
                Operation txn = txns.get(t);
                List<Mop> ms = mopsOf(txn);
                mops.add(ms);
                Set<Long> appendedLater = new HashSet<>();
                boolean[] isFinal = new boolean[ms.size()];
                for (int m = ms.size() - 1; m >= 0; m--) {
                    if (ms.get(m).isAppend()) {
                        isFinal[m] = appendedLater.add(ms.get(m).key());
                    }
                }
                for (int m = 0; m < ms.size(); m++) {
                    Mop mop = ms.get(m);
                    KeyState ks = keys.computeIfAbsent(mop.key(), KeyState::new);
                    if (mop.isAppend()) {
                        if (!ks.addAppend(mop.element(), t, isFinal[m])) {
                            if (duplicateAppends++ < Verdict.EXAMPLES_PER_ANOMALY_MAX) {
                                findings.note("generator bug: element " + mop.element() + " appended to k" + mop.key() + " by both "
                                        + name(ks.writer(mop.element())) + " and " + name(t) + "; the first is taken as its writer");
                            }
                        }
                    } else if (txn.isOk()) {
                        if (mop.read() == null) {
                            throw new IllegalArgumentException("op " + txn.completion().index() + ": an OK transaction's read of k" + mop.key() + " has no result");
                        }
                        Read read = new Read(t, mop.read());
                        ks.reads.add(read);
                        if (txn.invokeIndex() > ks.lastReadInvoke) {
                            ks.lastReadInvoke = txn.invokeIndex();
                            ks.lastRead = read;
                        }
                    }
                }
            }
            if (duplicateAppends > 0) {
                findings.note("generator bug: " + duplicateAppends + " elements were appended more than once to one key");
            }
        }

        private static List<Mop> mopsOf(Operation txn) {
            Object value = txn.value();
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException("op " + txn.invokeIndex() + ": a txn's value must be a list of micro-ops, was " + value);
            }
            List<Mop> ms = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof Mop mop)) {
                    throw new IllegalArgumentException("op " + txn.invokeIndex() + ": a txn's value must be a list of micro-ops, found " + item);
                }
                ms.add(mop);
            }
            return ms;
        }

        // ---- 2. per key: version order and the direct anomalies ------------------------

        private void versionOrder(KeyState ks) {
            for (Read read : ks.reads) {
                if (read.list().size() > ks.order.size()) {
                    ks.order = read.list();
                    ks.orderRead = read;
                }
            }
            ks.compatible = new boolean[ks.reads.size()];
            for (int i = 0; i < ks.reads.size(); i++) {
                Read read = ks.reads.get(i);
                ks.compatible[i] = isPrefix(read.list(), ks.order);
                if (!ks.compatible[i]) {
                    findings.anomaly("incompatible-order", () -> "k" + ks.key + ": " + name(read.txn()) + " read " + show(read.list()) + " and "
                            + name(ks.orderRead.txn()) + " read " + show(ks.order) + "; neither is a prefix of the other");
                }
            }
            Set<Long> garbageSeen = new HashSet<>();
            List<Long> order = ks.order;
            for (int i = 0; i < order.size(); i++) {
                int at = i;
                long element = order.get(i);
                int slot = ks.slotOf.get(element);
                if (slot == LongIntMap.ABSENT) {
                    if (garbageSeen.add(element)) {
                        findings.anomaly("garbage-read", () -> "k" + ks.key + ": " + readerOf(ks, at) + " containing " + element + ", which no transaction appended");
                    } else {
                        findings.anomaly("duplicate-elements", () -> "k" + ks.key + ": " + readerOf(ks, at) + " in which " + element + " appears twice");
                    }
                    continue;
                }
                if (ks.position[slot] >= 0) {
                    int first = ks.position[slot];
                    findings.anomaly("duplicate-elements", () -> "k" + ks.key + ": " + readerOf(ks, at) + " in which " + element + " appears at positions "
                            + first + " and " + at);
                    continue;
                }
                ks.position[slot] = i;
                observe(ks, slot, element, () -> readerOf(ks, at));
            }
            for (int r = 0; r < ks.reads.size(); r++) {
                if (ks.compatible[r]) {
                    continue;
                }
                Read read = ks.reads.get(r);
                Supplier<String> reader = () -> name(read.txn()) + " read " + show(read.list());
                Set<Long> inThisRead = new HashSet<>();
                for (long element : read.list()) {
                    if (!inThisRead.add(element)) {
                        findings.anomaly("duplicate-elements", () -> "k" + ks.key + ": " + reader.get() + " in which " + element + " appears twice");
                        continue;
                    }
                    int slot = ks.slotOf.get(element);
                    if (slot == LongIntMap.ABSENT) {
                        if (garbageSeen.add(element)) {
                            findings.anomaly("garbage-read", () -> "k" + ks.key + ": " + reader.get() + " containing " + element + ", which no transaction appended");
                        }
                    } else if (ks.position[slot] == KeyState.NOT_OBSERVED) {
                        ks.position[slot] = KeyState.OUT_OF_ORDER;
                        observe(ks, slot, element, reader);
                    }
                }
            }
        }

        /** An append was observed for the first time: an aborted read, or an unknown transaction that committed. */
        private void observe(KeyState ks, int slot, long element, Supplier<String> reader) {
            int writer = ks.appendTxn[slot];
            Operation txn = txns.get(writer);
            if (txn.isFailed()) {
                findings.anomaly("G1a", () -> "k" + ks.key + ": " + reader.get() + " containing " + element + ", appended by " + name(writer) + " which failed");
            } else if (txn.isUnknown()) {
                observed[writer] = true;
            }
        }

        /** "T40 read [...]": the shortest read of the version order that includes position i. */
        private String readerOf(KeyState ks, int position) {
            Read best = ks.orderRead;
            for (int r = 0; r < ks.reads.size(); r++) {
                Read read = ks.reads.get(r);
                if (ks.compatible[r] && read.list().size() > position && read.list().size() < best.list().size()) {
                    best = read;
                }
            }
            return name(best.txn()) + " read " + show(best.list());
        }

        /** How many elements of the read were not the reader's own appends (its external prefix). */
        private int externalLength(KeyState ks, Read read) {
            int p = read.list().size();
            while (p > 0 && ks.writer(read.list().get(p - 1)) == read.txn()) {
                p--;
            }
            return p;
        }

        private void intermediateReads(KeyState ks) {
            for (Read read : ks.reads) {
                int p = externalLength(ks, read);
                if (p == 0) {
                    continue;
                }
                long last = read.list().get(p - 1);
                int slot = ks.slotOf.get(last);
                if (slot != LongIntMap.ABSENT && !ks.appendFinal[slot]) {
                    findings.anomaly("G1b", "k" + ks.key + ": " + name(read.txn()) + " read " + show(read.list()) + ", ending at " + last + ", which "
                            + name(ks.appendTxn[slot]) + " followed with another append to k" + ks.key + " (an intermediate state)");
                }
            }
        }

        private void lostAppends(KeyState ks) {
            for (int slot = 0; slot < ks.appendCount; slot++) {
                Operation writer = txns.get(ks.appendTxn[slot]);
                if (!writer.isOk() || ks.position[slot] != KeyState.NOT_OBSERVED || ks.lastReadInvoke <= writer.completionIndex()) {
                    continue;
                }
                findings.lost(1);
                findings.anomaly("lost-append", "k" + ks.key + ": " + name(ks.appendTxn[slot]) + " appended " + ks.appendElement[slot]
                        + " and committed, but no read saw it, although " + name(ks.lastRead.txn()) + " (invoked at op " + ks.lastReadInvoke
                        + ", after the commit) read " + show(ks.lastRead.list()));
            }
        }

        // ---- 3. internal consistency ---------------------------------------------------

        private void internalConsistency() {
            for (int t = 0; t < n; t++) {
                if (txns.get(t).isOk() && touchesAKeyTwice(mops.get(t))) {
                    internalConsistency(t);
                }
            }
        }

        private static boolean touchesAKeyTwice(List<Mop> ms) {
            Set<Long> keysSeen = new HashSet<>();
            for (Mop mop : ms) {
                if (!keysSeen.add(mop.key())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Replays one transaction's micro-ops. A read must equal what the transaction already
         * knows of the key (its previous read plus its appends since), or, with no previous read,
         * end with its appends so far; and it may not contain an append the transaction makes
         * only later.
         */
        private void internalConsistency(int t) {
            List<Mop> ms = mops.get(t);
            Map<Long, Set<Long>> appendsLater = new HashMap<>(); // per key: own appends not yet made
            for (Mop mop : ms) {
                if (mop.isAppend()) {
                    appendsLater.computeIfAbsent(mop.key(), k -> new HashSet<>()).add(mop.element());
                }
            }
            Map<Long, List<Long>> known = new HashMap<>(); // what the next read of a key must return
            Map<Long, List<Long>> ownSinceRead = new HashMap<>(); // own appends to a key not yet read
            for (Mop mop : ms) {
                Long key = mop.key();
                List<Long> expected = known.get(key);
                if (mop.isAppend()) {
                    appendsLater.get(key).remove(mop.element());
                    if (expected != null) {
                        List<Long> extended = new ArrayList<>(expected);
                        extended.add(mop.element());
                        known.put(key, extended);
                    } else {
                        ownSinceRead.computeIfAbsent(key, k -> new ArrayList<>()).add(mop.element());
                    }
                    continue;
                }
                List<Long> own = ownSinceRead.remove(key);
                String problem = null;
                if (expected != null && !expected.equals(mop.read())) {
                    problem = name(t) + " read k" + key + " = " + show(mop.read()) + ", but its earlier read and appends imply " + show(expected);
                } else if (expected == null && own != null && !endsWith(mop.read(), own)) {
                    problem = name(t) + " appended " + own + " to k" + key + ", then read " + show(mop.read()) + ", which does not end with them";
                } else {
                    Set<Long> later = appendsLater.getOrDefault(key, Set.of());
                    for (long element : later.isEmpty() ? List.<Long>of() : mop.read()) {
                        if (later.contains(element)) {
                            problem = name(t) + " read k" + key + " = " + show(mop.read()) + ", containing " + element + ", which it appends only later";
                            break;
                        }
                    }
                }
                if (problem != null) {
                    findings.anomaly("internal", problem);
                    return; // one example per transaction
                }
                known.put(key, mop.read());
            }
        }

        // ---- 4. the dependency graph ---------------------------------------------------

        private void buildGraph(List<KeyState> ordered) {
            Digraph.Builder builder = new Digraph.Builder(Math.max(n, 1));
            for (KeyState ks : ordered) {
                int previous = -1;
                for (int i = 0; i < ks.order.size(); i++) {
                    int slot = ks.slotOf.get(ks.order.get(i));
                    if (slot == LongIntMap.ABSENT || ks.position[slot] != i || !inGraph[ks.appendTxn[slot]]) {
                        continue; // garbage, a repeated element, or an aborted append: already reported
                    }
                    int writer = ks.appendTxn[slot];
                    if (previous >= 0 && previous != writer) {
                        builder.add(previous, writer, WW, ks.ordinal);
                    }
                    previous = writer;
                }
                int previousReader = -1;
                int previousWr = -1;
                int previousRw = -1;
                for (int r = 0; r < ks.reads.size(); r++) {
                    Read read = ks.reads.get(r);
                    int reader = read.txn();
                    int p = externalLength(ks, read);
                    int wr = -1;
                    int lastWriter = -1;
                    if (p > 0) {
                        lastWriter = ks.writer(read.list().get(p - 1));
                        if (lastWriter >= 0 && inGraph[lastWriter] && lastWriter != reader) {
                            wr = lastWriter;
                        }
                    }
                    int rw = -1;
                    if (ks.compatible[r]) { // else where the read sits in the version order is unknown
                        int next = nextWriterInGraph(ks, p);
                        // A read that stops inside one transaction's appends is G1b; an rw edge back to
                        // that transaction would only restate it as a cycle.
                        if (next >= 0 && next != reader && next != lastWriter) {
                            rw = next;
                        }
                    }
                    boolean sameAsPrevious = reader == previousReader; // a repeated read: add only new edges
                    if (wr >= 0 && !(sameAsPrevious && wr == previousWr)) {
                        builder.add(wr, reader, WR, ks.ordinal);
                    }
                    if (rw >= 0 && !(sameAsPrevious && rw == previousRw)) {
                        builder.add(reader, rw, RW, ks.ordinal);
                    }
                    previousReader = reader;
                    previousWr = wr;
                    previousRw = rw;
                }
            }
            realTimeEdges(builder);
            graph = builder.build();
        }

        /** The committed writer of the first usable element at or after {@code position} in the version order, or -1. */
        private int nextWriterInGraph(KeyState ks, int position) {
            for (int i = position; i < ks.order.size(); i++) {
                int slot = ks.slotOf.get(ks.order.get(i));
                if (slot != LongIntMap.ABSENT && ks.position[slot] == i && inGraph[ks.appendTxn[slot]]) {
                    return ks.appendTxn[slot];
                }
            }
            return -1;
        }

        /**
         * rt edges through a frontier: the OK transactions that completed and are not yet followed
         * by a later completed one. A transaction invoked gets an edge from each of them; when it
         * completes OK it replaces those in the frontier. Every "T1 completed before T2 began" is
         * then a path, with about (concurrency) edges per transaction instead of n^2 in total.
         */
        private void realTimeEdges(Digraph.Builder builder) {
            int[] txnAtOp = new int[history.size()];
            Arrays.fill(txnAtOp, -1);
            for (int t = 0; t < n; t++) {
                if (inGraph[t]) {
                    txnAtOp[(int) txns.get(t).invokeIndex()] = t;
                    if (txns.get(t).isOk()) {
                        txnAtOp[(int) txns.get(t).completionIndex()] = t;
                    }
                }
            }
            int[] frontier = new int[16];
            int frontierSize = 0;
            int[] frontierSlot = new int[n];
            Arrays.fill(frontierSlot, -1);
            int[][] predecessors = new int[n][];
            for (Op op : history.ops()) {
                int t = txnAtOp[(int) op.index()];
                if (t < 0) {
                    continue;
                }
                if (op.isInvoke()) {
                    int[] preds = Arrays.copyOf(frontier, frontierSize);
                    for (int f : preds) {
                        builder.add(f, t, RT, -1);
                    }
                    predecessors[t] = preds;
                    continue;
                }
                for (int f : predecessors[t]) {
                    int slot = frontierSlot[f];
                    if (slot >= 0) { // swap-remove
                        int moved = frontier[--frontierSize];
                        frontier[slot] = moved;
                        frontierSlot[moved] = slot;
                        frontierSlot[f] = -1;
                    }
                }
                predecessors[t] = null;
                if (frontierSize == frontier.length) {
                    frontier = Arrays.copyOf(frontier, frontierSize * 2);
                }
                frontierSlot[t] = frontierSize;
                frontier[frontierSize++] = t;
            }
        }

        // ---- 5. cycles -----------------------------------------------------------------

        private void searchCycles() {
            components = new StrongComponents(graph);
            finder = new PathFinder(graph);
            fullComponent = new int[graph.nodeCount()];
            int[] nodes = new int[n];
            int count = 0;
            for (int t = 0; t < n; t++) {
                if (inGraph[t]) {
                    nodes[count++] = t;
                }
            }
            int componentCount = components.label(nodes, count, WW | WR | RW | RT, null, 0, fullComponent);
            int[] sizes = new int[componentCount + 1];
            for (int i = 0; i < count; i++) {
                sizes[fullComponent[nodes[i]] + 1]++;
            }
            int[] starts = sizes.clone(); // prefix sums: members of component c at [starts[c], starts[c + 1])
            for (int c = 0; c < componentCount; c++) {
                starts[c + 1] += starts[c];
            }
            int[] next = Arrays.copyOf(starts, componentCount);
            int[] members = new int[count];
            for (int i = 0; i < count; i++) {
                members[next[fullComponent[nodes[i]]]++] = nodes[i];
            }
            int cyclic = 0;
            int largest = 0;
            Workspace ws = new Workspace(graph.nodeCount());
            for (int c = 0; c < componentCount; c++) {
                int size = starts[c + 1] - starts[c];
                if (size < 2) {
                    continue;
                }
                cyclic++;
                largest = Math.max(largest, size);
                searchComponent(c, Arrays.copyOfRange(members, starts[c], starts[c + 1]), ws);
            }
            findings.note("dependency graph: " + count + " transactions, " + graph.edgeCount() + " edges; " + cyclic
                    + " components with cycles" + (cyclic > 0 ? ", the largest of " + largest + " transactions" : ""));
        }

        /** Per-node component labels of the restricted searches, one array per edge selection. */
        private static final class Workspace {
            final int[] ww;
            final int[] wwWr;
            final int[] wwWrRw;
            final int[] wwRt;
            final int[] wwWrRt;

            Workspace(int n) {
                ww = new int[n];
                wwWr = new int[n];
                wwWrRw = new int[n];
                wwRt = new int[n];
                wwWrRt = new int[n];
            }
        }

        private void searchComponent(int c, int[] members, Workspace ws) {
            int subWw = components.label(members, members.length, WW, fullComponent, c, ws.ww);
            int subWwWr = components.label(members, members.length, WW | WR, fullComponent, c, ws.wwWr);
            int subWwWrRt = components.label(members, members.length, WW | WR | RT, fullComponent, c, ws.wwWrRt);
            cyclesThrough("G0", c, members, ws.ww, subWw, WW, WW, cycle -> true);
            cyclesThrough("G1c", c, members, ws.wwWr, subWwWr, WW | WR, WR, cycle -> true);
            singleAntiDependencyCycles(c, members, ws);
            if (!findings.full("G2")) {
                int subWwWrRw = components.label(members, members.length, WW | WR | RW, fullComponent, c, ws.wwWrRw);
                cyclesThrough("G2", c, members, ws.wwWrRw, subWwWrRw, WW | WR | RW, RW, cycle -> count(cycle, RW) >= 2);
            }
            if (!findings.full("G0-realtime")) {
                int subWwRt = components.label(members, members.length, WW | RT, fullComponent, c, ws.wwRt);
                cyclesThrough("G0-realtime", c, members, ws.wwRt, subWwRt, WW | RT, RT, cycle -> true);
            }
            cyclesThrough("G1c-realtime", c, members, ws.wwWrRt, subWwWrRt, WW | WR | RT, WR | RT,
                    cycle -> count(cycle, WR) > 0 && count(cycle, RT) > 0);
        }

        /**
         * In each sub-component (of the edges in {@code mask}) of component {@code c}, looks for
         * a cycle through an internal edge of a kind in {@code through}: the edge u -> v plus a
         * shortest path v ~> u. A cycle {@code fits} the anomaly or the next edge is tried. One
         * cycle per sub-component: sub-components are disjoint, so their cycles are distinct.
         */
        private void cyclesThrough(String anomaly, int c, int[] members, int[] sub, int subCount, int mask, int through, Predicate<int[]> fits) {
            if (findings.full(anomaly)) {
                return;
            }
            int[] sizes = new int[subCount];
            for (int u : members) {
                sizes[sub[u]]++;
            }
            boolean[] done = new boolean[subCount];
            finder.budget(SEARCH_EDGE_VISITS_PER_COMPONENT_MAX);
            for (int u : members) {
                int s = sub[u];
                if (sizes[s] < 2 || done[s]) {
                    continue;
                }
                for (int edge = graph.start(u); edge < graph.end(u) && !done[s]; edge++) {
                    int v = graph.target(edge);
                    if ((graph.kind(edge) & through) == 0 || fullComponent[v] != c || sub[v] != s) {
                        continue;
                    }
                    int[] path = finder.path(v, u, mask, sub, s, fullComponent, c, c);
                    if (path == null) {
                        if (finder.exhausted()) {
                            noteCutShort(anomaly, members.length);
                            return;
                        }
                        continue;
                    }
                    int[] cycle = prepend(edge, path);
                    if (!fits.test(cycle)) {
                        continue;
                    }
                    report(anomaly, u, cycle);
                    done[s] = true;
                    if (findings.full(anomaly)) {
                        return;
                    }
                }
            }
        }

        /**
         * G-single and G-single-realtime: for each rw edge a -> b, a path b ~> a over ww and wr
         * edges closes a G-single; failing that, one that also uses rt edges closes a
         * G-single-realtime, a cycle that needs real time. Component numbers prune both
         * searches: a node numbered below a's sub-component cannot reach a.
         */
        private void singleAntiDependencyCycles(int c, int[] members, Workspace ws) {
            finder.budget(SEARCH_EDGE_VISITS_PER_COMPONENT_MAX);
            for (int a : members) {
                for (int edge = graph.start(a); edge < graph.end(a); edge++) {
                    if (findings.full("G-single") && findings.full("G-single-realtime")) {
                        return;
                    }
                    int b = graph.target(edge);
                    if (graph.kind(edge) != RW || fullComponent[b] != c) {
                        continue;
                    }
                    int[] path = null;
                    if (ws.wwWr[a] <= ws.wwWr[b]) {
                        path = finder.path(b, a, WW | WR, fullComponent, c, ws.wwWr, ws.wwWr[a], Integer.MAX_VALUE);
                    }
                    if (path != null) {
                        if (!findings.full("G-single")) {
                            report("G-single", a, prepend(edge, path));
                        }
                        continue;
                    }
                    if (!finder.exhausted() && !findings.full("G-single-realtime") && ws.wwWrRt[a] <= ws.wwWrRt[b]) {
                        path = finder.path(b, a, WW | WR | RT, fullComponent, c, ws.wwWrRt, ws.wwWrRt[a], Integer.MAX_VALUE);
                        if (path != null) {
                            report("G-single-realtime", a, prepend(edge, path));
                        }
                    }
                    if (finder.exhausted()) {
                        noteCutShort("G-single", members.length);
                        return;
                    }
                }
            }
        }

        private void noteCutShort(String search, int size) {
            findings.note("search for " + search + " in a component of " + size + " transactions stopped after "
                    + SEARCH_EDGE_VISITS_PER_COMPONENT_MAX + " edge visits; it may hold more cycles");
        }

        /**
         * Files a cycle under {@code anomaly}, written like {@code T12 -ww(k3)-> T40 -rt-> T12}.
         * Consecutive rt edges are written as one: real-time order is transitive, and the
         * frontier's intermediate transactions are no part of the story.
         */
        private void report(String anomaly, int start, int[] cycle) {
            StringBuilder out = new StringBuilder(name(start));
            for (int i = 0; i < cycle.length; i++) {
                int edge = cycle[i];
                if (graph.kind(edge) == RT && i + 1 < cycle.length && graph.kind(cycle[i + 1]) == RT) {
                    continue;
                }
                out.append(" -").append(kindNames(graph.kind(edge)));
                if (graph.label(edge) >= 0) {
                    out.append("(k").append(keyByOrdinal[graph.label(edge)]).append(')');
                }
                out.append("-> ").append(name(graph.target(edge)));
            }
            if (anomaly.equals("G2")) {
                findings.allowed(anomaly, out.toString());
            } else {
                findings.anomaly(anomaly, out.toString());
            }
        }

        private int count(int[] cycle, int kind) {
            int count = 0;
            for (int edge : cycle) {
                if ((graph.kind(edge) & kind) != 0) {
                    count++;
                }
            }
            return count;
        }

        private static int[] prepend(int edge, int[] path) {
            int[] cycle = new int[path.length + 1];
            cycle[0] = edge;
            System.arraycopy(path, 0, cycle, 1, path.length);
            return cycle;
        }

        private static String kindNames(int kinds) {
            List<String> names = new ArrayList<>();
            if ((kinds & WW) != 0) {
                names.add("ww");
            }
            if ((kinds & WR) != 0) {
                names.add("wr");
            }
            if ((kinds & RW) != 0) {
                names.add("rw");
            }
            if ((kinds & RT) != 0) {
                names.add("rt");
            }
            return String.join("/", names);
        }

        // ---- notes and names -----------------------------------------------------------

        private void noteCounts() {
            long ok = 0;
            long failed = 0;
            long unknown = 0;
            long committedUnknown = 0;
            for (int t = 0; t < n; t++) {
                OpType outcome = txns.get(t).outcome();
                if (outcome == OpType.OK) {
                    ok++;
                } else if (outcome == OpType.FAIL) {
                    failed++;
                } else {
                    unknown++;
                    if (observed[t]) {
                        committedUnknown++;
                    }
                }
            }
            findings.note(n + " transactions: " + ok + " ok, " + failed + " failed, " + unknown + " unknown (" + committedUnknown
                    + " of them observed, so committed; the rest are ignored)");
            for (String cycle : CYCLE_ANOMALIES) {
                if (findings.full(cycle)) {
                    findings.note(cycle + ": the search stopped at " + Verdict.EXAMPLES_PER_ANOMALY_MAX + " cycles; there may be more");
                }
            }
        }

        /** "T12": the op index of the transaction's completion, or of its invocation if it never completed. */
        private String name(int t) {
            Operation txn = txns.get(t);
            return "T" + (txn.completion() != null ? txn.completion().index() : txn.invokeIndex());
        }
    }

    // ---- list helpers --------------------------------------------------------------------

    static boolean isPrefix(List<Long> prefix, List<Long> list) {
        if (prefix == list) {
            return true;
        }
        if (prefix.size() > list.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (prefix.get(i).longValue() != list.get(i).longValue()) {
                return false;
            }
        }
        return true;
    }

    static boolean endsWith(List<Long> list, List<Long> suffix) {
        if (suffix.size() > list.size()) {
            return false;
        }
        int offset = list.size() - suffix.size();
        for (int i = 0; i < suffix.size(); i++) {
            if (list.get(offset + i).longValue() != suffix.get(i).longValue()) {
                return false;
            }
        }
        return true;
    }

    /** A list for an example: whole if short, else its tail (where the interesting end is). */
    static String show(List<Long> list) {
        if (list.size() <= LIST_ELEMENTS_SHOWN_MAX) {
            return list.toString();
        }
        List<Long> tail = list.subList(list.size() - LIST_ELEMENTS_SHOWN_MAX, list.size());
        return "[... " + tail.toString().substring(1) + " (" + list.size() + " elements)";
    }
}
