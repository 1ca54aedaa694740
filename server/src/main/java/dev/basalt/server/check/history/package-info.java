/**
 * Histories: what a Jepsen-style test observed, as data the checkers in {@code check.analysis}
 * can judge. Pure Java, no Basalt classes: a history file from any run, or one written by hand in
 * a test, is checked the same way.
 *
 * <h2>Events, not operations</h2>
 * A client cannot see when the database applies its operation, only when it asked and when it
 * heard back. So the history records two events per operation, an {@link
 * dev.basalt.server.check.history.OpType#INVOKE} and a completion, in the order the recorder saw
 * them:
 * <pre>
 *   index  process  type    f     value
 *   0      0        invoke  txn   [append(3, 17), read(4)]
 *   1      1        invoke  txn   [read(3)]
 *   2      1        ok      txn   [read(3) = []]             &lt;- process 1 began before 0 ended:
 *   3      0        ok      txn   [append(3, 17), read(4) = [1, 2]]   they are concurrent
 *   4     -1        info    kill  "n2"                      &lt;- nemesis (process NEMESIS)
 *   5      1        invoke  txn   [append(4, 9)]
 *   6      1        info    txn   [append(4, 9)]             &lt;- unknown: may or may not commit
 * </pre>
 * <b>Operation A precedes operation B in real time iff A's completion has a smaller index than
 * B's invocation.</b> Indexes, not times, decide: times are non-decreasing and two events may
 * share a nanosecond, but the recorder hands out indexes in the order the events happened.
 *
 * <h2>The three outcomes</h2>
 * OK: the operation took effect (and its reads are known). FAIL: it certainly did not. INFO: the
 * client does not know; the operation may take effect at any time, even after the run, so an
 * INFO operation constrains nothing until something observes it. A process that got INFO is
 * stuck in that unknown operation forever, so it never issues another op; the tool continues
 * that client under a fresh process id. {@link dev.basalt.server.check.history.History} enforces
 * this shape and pairs each invocation with its completion into an {@link
 * dev.basalt.server.check.history.Operation}; an invocation with no completion at the end of the
 * history counts as unknown.
 *
 * <h2>Values</h2>
 * Each workload has its value records: list-append transactions are lists of {@link
 * dev.basalt.server.check.history.Mop}; the bank has {@link
 * dev.basalt.server.check.history.Transfer}, {@link dev.basalt.server.check.history.BankRead},
 * {@link dev.basalt.server.check.history.BankFinal} and {@link
 * dev.basalt.server.check.history.BankSetup}; registers have {@link
 * dev.basalt.server.check.history.RegisterOp}. All are immutable. A completion repeats its
 * invocation's value, with what became known filled in (read results, the amount a transfer
 * really moved).
 *
 * <h2>Files</h2>
 * {@link dev.basalt.server.check.history.HistoryFile} stores a history as JSON lines, a {@link
 * dev.basalt.server.check.history.Header} first, so a run can be re-checked, or a checker
 * debugged, long after the cluster is gone. The JSON code is ours and reads only the subset the
 * files use; anything else is rejected with its line and column, because a checker that quietly
 * skips a line it did not understand can pass a history it never saw.
 */
package dev.basalt.server.check.history;
