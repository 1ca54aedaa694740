/**
 * Ranges: hash-placed slices of the data, each one Raft group (Apache Ratis) replicated onto
 * RocksDB, versioned for transactions.
 *
 * <h2>One node, many ranges</h2>
 * A node runs one {@link dev.basalt.range.RangeStore}: one RocksDB and one Ratis
 * {@code RaftServer} hosting every replica the node holds (multi-raft). Range {@code r}'s Raft
 * group id is derived from {@code r}; its peers are {@code n<nodeId>}. Ratis replicates over
 * gRPC; Basalt's own requests reach the range store over Netty (server module) or in-process.
 *
 * <h2>Commands</h2>
 * {@link dev.basalt.range.RangeRequest} lists what a range offers the transaction layer: reads
 * ({@code Get}, {@code Scan}) at a timestamp; {@code Prewrite}, {@code Commit}, {@code Rollback}
 * (two-phase commit); {@code OnePhaseCommit}; {@code AcquireLock} (lock-for-update);
 * {@code CheckTxnStatus} and {@code ResolveLock} (deciding a transaction through its primary key);
 * {@code TxnHeartbeat}; {@code Gc}. Every one is idempotent, so a client that lost a reply in a
 * failover asks again and learns the outcome - a retried one-phase commit finds its own commit
 * record and answers with its timestamp.
 *
 * <h2>MVCC key layout</h2>
 * Every user key starts with {@code [tableId u32][indexId u16][slot u16]} ({@link
 * dev.basalt.range.StorageKey}); a range owns the slots {@code [slotStart, slotEnd)} of every
 * table and index. Three RocksDB column families hold range data:
 * <pre>
 *   lock      userKey                          -> [op][startTs][ttlMs][primary][provisional value]
 *   write     prefix escaped(rest) 00 01 ~commitTs -> [op PUT|DELETE|LOCK][startTs][value]
 *   rollback  prefix escaped(rest) 00 01 startTs   -> (empty marker)
 * </pre>
 * The escaped, terminated body makes every key's versions contiguous and newest first, so a read
 * at {@code readTs} is one seek to {@code (key, ~readTs)}. A grid of one key over time:
 * <pre>
 *   ts:      10        20          30 (lock, startTs 30)
 *   key a:   PUT "x"   PUT "y"     prewrite "z"
 *   read@15 -> "x";  read@25 -> "y";  read@35 -> meets the lock: wait or resolve via its primary
 * </pre>
 * A lock of a transaction that started at or below the read timestamp blocks the read (that
 * transaction may commit below it); LOCK-only locks (lock-for-update) never block reads. A
 * rollback leaves a marker so a prewrite arriving late cannot resurrect an aborted transaction.
 * Garbage collection below a safe point keeps, per key, the newest version at or below it.
 *
 * <h2>Checks on the leader, under latches</h2>
 * Conflict checks run on the leader before anything is proposed, as in TiKV's scheduler: the
 * command takes per-key latches (hashed slots, FIFO queues, all claimed atomically so waits can
 * never cycle), reads the applied state, and turns into the writes that carry it out. The latches
 * are held until those writes are applied, so no two in-flight commands ever check one key
 * against different states. The leader only checks once it is ready (every entry of earlier terms
 * applied). Each Raft entry records the term its checks ran in; an entry whose log term differs is
 * skipped on every replica, because a leader that lost its term must not apply stale checks.
 *
 * <h2>Reads, and the read/commit race</h2>
 * Reads are served by the leader from its RocksDB after a Ratis linearizable-read barrier (leader
 * lease, or a ReadIndex round without one). <b>A read at {@code readTs} never misses a one-phase
 * commit with {@code commitTs <= readTs}</b>: a one-phase commit registers its keys as pending
 * before it picks {@code commitTs = max(maxReadTs + 1, startTs + 1)}, and a read raises
 * {@code maxReadTs} before looking for pending keys, so either the commit lands above the read or
 * the read waits for the commit. A new leader raises {@code maxReadTs} to a fresh timestamp from
 * the oracle before serving, since it cannot know which reads its predecessor served. Because both
 * inputs were issued by the oracle, the commit timestamp is at most one above an issued
 * timestamp, so any transaction that starts after the commit is acknowledged sees it - without an
 * oracle round trip per commit (TiKV's max-ts rule).
 *
 * <h2>Group commit</h2>
 * A Raft entry costs milliseconds of CPU whatever its size (notes/RATIS.md). While one entry of a
 * range is in flight, newly checked commands queue and all go out together in the next entry;
 * when the previous entry carried several commands and fewer are queued, the next one waits up to
 * 20 ms for the writers that are just coming back (the target batch size decays by one per entry). Throughput thus grows with concurrency. The
 * queue is bounded; beyond it commands fail with SERVER_BUSY.
 *
 * <h2>Apply, snapshots and recovery</h2>
 * Entries carry the checked writes, so apply is deterministic: the same log gives the same bytes
 * on every replica. Each entry is applied with one RocksDB {@code WriteBatch} that also stores the
 * applied {@code (term, index)}; a restarted replica skips entries at or below it. A snapshot is a
 * file of every record of the range's spans at the applied index (with a CRC32C trailer), written
 * into Ratis's {@code sm/} directory after the WAL is synced; Ratis purges its log up to it and
 * ships it to a new or lagging replica, which deletes its copy of the range and loads the file,
 * writing the applied index with the last batch. A node that crashed mid-install finds the
 * snapshot newer than its applied index on start and installs it again. A failure inside apply
 * halts the node: it must never answer from a state that may differ from its peers'.
 */
package dev.basalt.range;
