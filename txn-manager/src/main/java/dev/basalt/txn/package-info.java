/**
 * Transactions across ranges: the gateway side of DESIGN.md section 4. The ranges
 * ({@code dev.basalt.range}) keep locks, versions and commit records and check conflicts;
 * placement ({@code dev.basalt.placement.routing.RangeRouter}) finds a key's range, reaches its
 * leader and draws oracle timestamps; this package decides what to send and when, and is the only
 * place that knows a transaction as a whole. {@link dev.basalt.txn.TransactionManager} is the
 * gateway, {@link dev.basalt.txn.Transaction} one transaction, and
 * {@link dev.basalt.txn.GarbageCollector} runs garbage collection across the ranges.
 *
 * <h2>The commit condition</h2>
 * <b>A transaction is committed exactly when the commit record of its primary key is applied by
 * the primary's range</b> - for a one-phase commit, when its single Raft entry is applied. Every
 * other lock names the primary, so anyone who meets a lock can learn the transaction's fate there
 * ({@code CheckTxnStatus}) and finish its work ({@code ResolveLock}): a gateway that dies at any
 * point blocks others for at most the lock TTL and loses no decided commit.
 *
 * <h2>States</h2>
 * <pre>
 *   ACTIVE --commit()--> COMMITTING --primary/1PC applied--> COMMITTED
 *     |                      |------definite failure-------> ABORTED
 *     |                      `------reply lost, unsettled--> OUTCOME_UNKNOWN  (40003)
 *     `--rollback() or any failed call----------------------> ABORTED
 * </pre>
 * A transaction wounded or rolled back by others stays ACTIVE until its next call, which fails
 * with 40P01 (wounded) or 40001 (its locks had expired). Any error ends the transaction, as in
 * PostgreSQL; later calls fail with 25000 except {@code rollback()}/{@code close()}.
 *
 * <h2>Writes are buffered; commit picks one or two phases</h2>
 * {@link dev.basalt.txn.Transaction#put}/{@code delete} only fill a sorted buffer that reads merge
 * in (read-your-writes). At commit the write set - plus a LOCK mutation for every key locked with
 * {@code getForUpdate} or {@code lockForUpdate} but not written - is grouped by range:
 * <ul>
 *   <li><b>One range: one-phase commit.</b> One request, one Raft entry; the range picks the
 *       commit timestamp above every read it served, so no oracle round trip is needed.</li>
 *   <li><b>Several ranges: two-phase commit</b>, timeline:
 * <pre>
 *   gateway      prewrite all ranges (parallel) ---> commitTs = oracle ---> Commit(primary) ===> COMMITTED
 *                                                                          |  then, in the background:
 *   primary   :  [lock p, provisional v, ttl]                              |  [write p@commitTs]
 *   range B   :  [lock s1 -> primary p]                                    `-> Commit(s1, s2)  (or readers
 *   range C   :  [lock s2 -> primary p]                                        roll them forward via p)
 * </pre>
 *       The commit timestamp is taken only after every lock is in place, so no read at a higher
 *       timestamp can have missed the transaction. The primary is the first key locked for update
 *       (its lock already carries the heartbeats) or else the first key written.</li>
 * </ul>
 * Locks for update ({@code getForUpdate}, {@code lockForUpdate}) are held in the range leader's
 * memory, not replicated: one check, no Raft round. A leader change or a split loses them, so
 * every prewrite and one-phase commit says which of its keys the transaction locked for update,
 * and a range that no longer holds one of those locks fails it with 40001. A lost lock therefore
 * costs a retry, never a commit over a transaction that took the key meanwhile (a foreign key's
 * parent remover relies on this: its lock keeps children out until it commits).
 *
 * <h2>Meeting locks: resolve, wound or wait</h2>
 * {@link dev.basalt.txn.LockResolver}: an expired lock is resolved through its primary by anyone;
 * a writer or locker that is older than the lock's owner wounds it (rolls it back through the
 * primary, judged at "infinity" so it always counts as expired unless already committed); a live
 * secondary lock is looked up at its primary (without deciding anything) and resolved at once if
 * its owner is decided; a younger writer meeting an older owner's prewritten write gives way with
 * 40001 (the owner is committing the key and would win the conflict); anyone else waits with
 * bounded backoff up to {@code lockWaitMsMax} (55P03). Since only younger
 * transactions ever wait for older ones, waits cannot form a cycle: wound-wait prevents deadlocks
 * instead of detecting them, with no wait-for graph to maintain across gateways. Readers never
 * wound. A transaction learns it was wounded from a local flag (same gateway), from a heartbeat
 * that finds its primary gone, or from TRANSACTION_ABORTED at its next lock or commit; it then
 * fails with 40P01 if its own lock was still alive (only a wound rolls back a live lock), else
 * 40001.
 *
 * <p>"Older" is {@link dev.basalt.txn.Transaction#priority}, which every lock carries: the start
 * timestamp, except for a retry of work that lost a conflict, which keeps the first attempt's
 * ({@link dev.basalt.txn.RetryPriority}; a SQL session does this for its client). A start
 * timestamp cannot be reused (it is the snapshot), and a retry with only its new one would be the
 * youngest transaction again and could be wounded on every attempt. Waits still only go from a
 * younger priority to an older one (ties by start timestamp), so they still cannot form a cycle.
 * Giving way compares start timestamps, not priorities: it is about whose snapshot the other's
 * commit would conflict with.
 *
 * <h2>Heartbeats</h2>
 * A lock's TTL counts from its transaction's start, so a long transaction would look dead. A lock
 * is taken with TTL (age + lock TTL), the age measured on the gateway's monotonic clock from just
 * before the start timestamp was asked for ({@code RangeRouter.monotonicMs}) - no oracle round
 * trip: the oracle's clock runs at the rate of real time, and an oracle clock that jumps ahead
 * can only make a lock look expired early, which fails its owner's commit cleanly at the primary.
 * While a transaction holds a primary lock the manager extends it every
 * {@code heartbeatIntervalMs} (a third of the TTL by default) to (age + TTL), the age then taken
 * from a fresh oracle timestamp.
 *
 * <h2>Lost replies: never guess</h2>
 * {@link dev.basalt.txn.Committer} is the only place that decides a commit's outcome: it returns
 * the commit timestamp, throws a definite failure, or throws COMMIT_OUTCOME_UNKNOWN (40003); an
 * unexpected exception out of it is reported as 40003, never as a failure. The layers below only
 * report what they know, as three separate answers of {@code ErrorCode}:
 * {@code requestRetryable()} (the same request may be sent again), {@code transactionRetryable()}
 * (the whole transaction may be run again) and {@code outcomeUnknown()} (the request may or may
 * not have taken effect; no layer below may turn this into "not applied"). Every range request is
 * idempotent. Before the commit point a lost reply is a definite failure: nothing can commit
 * without the primary's Commit, which was never sent, and rollback markers fence late prewrites. At the commit point the gateway asks again - it resends the primary's
 * Commit (which commits, finds the commit record, or fails because the lock was rolled back) or
 * the one-phase commit (which finds its own commit record). A one-phase commit that would be
 * reported as failed after an uncertain attempt is first fenced with
 * {@code CheckTxnStatus(firstKey, startTs, infinity, rollbackIfExpired)}: found committed, it
 * succeeded after all; otherwise the rollback marker refuses the late attempt forever. If nothing
 * settles within {@code commitOutcomeWaitMsMax}, commit throws COMMIT_OUTCOME_UNKNOWN (40003)
 * and leaves the locks to be decided through the primary.
 *
 * <h2>Lifetime and garbage collection</h2>
 * A transaction lives at most {@link dev.basalt.txn.Transaction#LIFETIME_MS_MAX} (5 minutes, on
 * the gateway's monotonic clock); its next call after that fails with 40001. Every
 * {@code REPORT_INTERVAL_MS} (1 s) a manager built with a {@link dev.basalt.txn.GatewayReporter}
 * reports the start timestamp of its oldest active transaction (at most a fresh oracle timestamp),
 * valid for {@code REPORT_VALID_MS} on the oracle's clock; a gateway that dies stops holding
 * collection back once its last report expires. {@link dev.basalt.txn.GarbageCollector} takes the
 * safe point {@code min(oldest unexpired report, now - retention)}; the server refuses a retention
 * shorter than {@code LIFETIME_MS_MAX}, so a gateway that does not report is covered by the
 * retention alone. <b>A commit or rollback record is kept until none of its transaction's locks
 * can remain anywhere</b>, so one collection runs in three steps over every range: fence
 * ({@code SetSafePoint}: from then on the range refuses reads below the safe point and prewrites,
 * one-phase commits and locks of transactions that started below it), resolve every lock left
 * below it through its primary ({@code ScanLocks}, at most {@code RESOLVE_PASSES_MAX} passes),
 * then collect ({@code Gc}). The safe point is persisted in each range's replicated metadata, so
 * it survives restarts, snapshots and splits. The server runs a round on the meta leader, with the
 * reports the meta group holds. A step that fails stops the round; the next round starts again
 * (every step is idempotent, and a fence only rises).
 *
 * <h2>Isolation</h2>
 * SNAPSHOT (JDBC's REPEATABLE READ) reads at the start timestamp; READ_COMMITTED reads at a
 * timestamp taken by each {@link dev.basalt.txn.Transaction#newStatement()}. Both check write
 * conflicts against the start timestamp (first committer wins). SERIALIZABLE is refused with 22023
 * (not 0A000, which makes connection pools drop the connection) rather than silently weakened.
 *
 * <h2>Routing, threads and limits</h2>
 * {@link dev.basalt.txn.RangeClient} routes keys with the
 * {@link dev.basalt.placement.routing.RangeRouter} and routes them again after RANGE_MOVED (at most {@code reroutesMax} times); a one-phase commit
 * whose range split falls back to two phases. Scans of one (table, index) walk the ranges in slot
 * order ({@link dev.basalt.txn.SpanCursor}), with the first pages of the next ranges fetched ahead
 * in parallel; an open scan ({@link dev.basalt.txn.Transaction#openScan}) keeps its cursor and
 * read-ahead from page to page. The manager owns three bounded thread pools
 * (heartbeats; per-range requests in parallel; background secondaries and rollbacks), plus one
 * thread for its reports when it has a reporter; a full queue runs work inline rather than drop
 * it. Every limit is in {@link dev.basalt.txn.TxnConfig} or a
 * named constant.
 */
package dev.basalt.txn;

