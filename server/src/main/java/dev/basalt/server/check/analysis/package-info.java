/**
 * Checkers: from a {@link dev.basalt.server.check.history.History} to a {@link
 * dev.basalt.server.check.analysis.Verdict}. Each {@link dev.basalt.server.check.analysis.Checker}
 * is a pure function of the history, so a verdict can be recomputed from a history file at any
 * time, and every checker is tested with small histories written by hand.
 *
 * <h2>What a verdict says</h2>
 * A verdict lists forbidden anomalies by name, each with a few examples a person can follow
 * (op indexes, keys, elements, cycles); anomalies the claimed isolation level allows, which are
 * reported but do not fail the run; the number of acknowledged writes that went missing; and
 * notes (counts, truncated lists, searches cut short). <b>A verdict is valid iff it has no
 * forbidden anomaly and nothing was lost.</b> A checker is sound before it is complete: it
 * reports only what the history proves, and says so in a note when it stopped looking.
 *
 * <h2>Time</h2>
 * Operation A precedes B in real time iff A's completion has a smaller history index than B's
 * invocation (see the history package). An operation whose outcome is unknown (INFO, or never
 * completed) has no completion, so nothing ever follows it in real time, and it counts as
 * having happened only once something observed its effect.
 *
 * <h2>List append (Elle)</h2>
 * {@link dev.basalt.server.check.analysis.ListAppendChecker} checks snapshot isolation with real
 * time ("strong SI") the way Elle does (Kingsbury and Alvaro, VLDB 2020). Transactions append
 * unique elements to lists and read whole lists, so a read reveals not just the latest write but
 * the order of every write before it. Take three transactions, each named by the op index of
 * its completion ({@code Tn}; a transaction that never completed is named by its invocation):
 * <pre>
 *   T3  [append(1, 10), append(2, 20)]      ok
 *   T5  [read(1) = [10], read(2) = []]      ok    &lt;- saw half of T3
 *   T8  [read(1) = [10], read(2) = [20]]    ok
 * </pre>
 * <ol>
 *   <li><b>Version order.</b> All reads of a key must be prefixes of one another; the longest is
 *       the key's version order (k1: [10], k2: [20]). From the reads alone follow
 *       incompatible-order, duplicate-elements, garbage-read (an element nobody appended), G1a
 *       (an element a failed transaction appended), G1b (a read that ends inside another
 *       transaction's appends to the key) and lost-append (an acknowledged element that no read
 *       shows, though a read began after it was acknowledged).</li>
 *   <li><b>Internal consistency.</b> Within a transaction, a read must agree with its earlier
 *       reads and its own appends: after append(1, 11), a read of k1 must end with 11.</li>
 *   <li><b>Dependencies.</b> Between committed transactions (OK ones, and unknown ones whose
 *       appends were observed): <i>ww</i> from each element's writer to the next element's
 *       writer; <i>wr</i> from the writer of a read's last element to the reader (T3 -wr(k1)-&gt;
 *       T5); <i>rw</i> from a reader to the writer of the element that followed what it saw (T5
 *       read k2 = [], so T5 -rw(k2)-&gt; T3, the writer of 20); <i>rt</i> from a transaction to each
 *       one that began after it completed, through a frontier so that the edges are few but
 *       every real-time order is a path.</li>
 *   <li><b>Cycles.</b> Tarjan's algorithm (iterative) finds the strongly connected components;
 *       only components of two or more transactions are searched. Inside each, the edge kinds a
 *       cycle uses name the anomaly: ww only is G0; ww and wr with at least one wr is G1c;
 *       exactly one rw plus ww/wr is G-single (read skew, as T5 -rw(k2)-&gt; T3 -wr(k1)-&gt; T5
 *       above); two or more rw is G2 (write skew), which SI allows. With rt edges too, cycles that
 *       need one are G0-realtime, G1c-realtime and G-single-realtime (say, a transaction that
 *       missed a write acknowledged before it began).</li>
 * </ol>
 * Searches are breadth-first, so the cycles shown are short, and limited: one cycle per
 * sub-component and at most {@link dev.basalt.server.check.analysis.Verdict#EXAMPLES_PER_ANOMALY_MAX}
 * per anomaly; every search within one component spends from a budget of edge visits. For
 * G-single, one search per rw edge a -&gt; b looks for a path back from b to a; Tarjan numbers
 * components in reverse topological order, so a search never enters a node numbered below a's
 * component, which keeps it near the window of transactions concurrent with a.
 *
 * <h2>Bank</h2>
 * {@link dev.basalt.server.check.analysis.BankChecker}: every snapshot conserves money, and
 * the final snapshot agrees with the ledger that transfers write beside their balance changes.
 *
 * <h2>Registers</h2>
 * {@link dev.basalt.server.check.analysis.RegisterChecker}: no read returns a value that was
 * already overwritten, by an acknowledged write, before the read began.
 */
package dev.basalt.server.check.analysis;
