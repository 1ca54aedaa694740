/**
 * Ranges: hash-placed slices of the data, each one Raft group (Apache Ratis) replicated onto
 * RocksDB, versioned for transactions (DESIGN.md section 3).
 *
 * <h2>One node, many ranges</h2>
 * A node runs one {@link dev.basalt.range.store.RangeStore}: one RocksDB and one Ratis
 * {@code RaftServer} hosting every replica the node holds (multi-raft). Range {@code r}'s Raft
 * group id is derived from {@code r}; its peers are {@code n<nodeId>}. Ratis replicates over
 * gRPC; Basalt's own requests reach the range store over Netty
 * ({@link dev.basalt.range.store.RangeService}) or in-process. The same Raft server also hosts
 * named groups that are not ranges (the meta group): the owner hands
 * {@link dev.basalt.range.RangeStoreConfig} a factory of {@link dev.basalt.range.ReplicatedState}
 * per name, and reaches its member through {@link dev.basalt.range.ReplicatedGroup}. Their group
 * ids are derived from the name.
 *
 * <p>Three packages: this one holds the commands, descriptors, codec, configuration and the group
 * interfaces; {@code store} holds {@code RangeStore} and {@code RangeService}; {@code internal}
 * holds the replicas, the state machines and the RocksDB code. <b>No public or protected signature
 * of this package or of {@code store} names a Ratis or RocksDB type</b>: the API speaks of ranges,
 * descriptors, node ids and byte commands.
 *
 * <h2>Commands</h2>
 * {@link dev.basalt.range.RangeRequest} lists what a range offers the transaction layer: reads
 * ({@code Get}, {@code Scan}) at a timestamp; {@code Prewrite}, {@code Commit}, {@code Rollback}
 * (two-phase commit); {@code OnePhaseCommit}; {@code AcquireLock} (lock-for-update);
 * {@code CheckTxnStatus} and {@code ResolveLock} (deciding a transaction through its primary key);
 * {@code TxnHeartbeat}; and for garbage collection {@code SetSafePoint}, {@code ScanLocks} and
 * {@code Gc}. Every one is idempotent, so a client that lost a reply in a failover asks again and
 * learns the outcome - a retried one-phase commit finds its own commit record and answers with its
 * timestamp.
 *
 * <h2>The range's replicated state</h2>
 * <b>What a replica applies depends only on its log and its snapshot.</b> Besides its data, a
 * range has replicated metadata ({@code internal.RangeMeta}): its current descriptor (slots,
 * replicas in node id order, generation), its safe point
 * ({@code safePointTs}) and how far garbage collection ran ({@code collectedTs}). It changes only
 * by log entries - a split, a Raft configuration change, a safe point, a garbage collection - and
 * by a snapshot install; every change is written in the same RocksDB batch as the applied index,
 * and snapshots carry it. The meta group's map and the store's caches are for routing and status;
 * they are never an input to apply. Writes are checked at apply against this replicated
 * descriptor: an entry with a key outside the range (a split applied before it) is skipped on
 * every replica and its proposer gets RANGE_MOVED.
 *
 * <h2>MVCC key layout</h2>
 * Every user key starts with {@code [tableId u32][indexId u16][slot u16]} ({@link
 * dev.basalt.range.StorageKey}); a range owns the slots {@code [slotStart, slotEnd)} of every
 * table and index. Three RocksDB column families hold range data:
 * <pre>
 *   lock      userKey                          -> [op][startTs][ttlMs][minCommitTs][primary][provisional value][priority]
 *   write     prefix escaped(rest) 00 01 ~commitTs -> [op PUT|DELETE|LOCK][startTs][value]
 *   rollback  prefix escaped(rest) 00 01 startTs   -> (empty marker)
 * </pre>
 * A SHARED mutation (a foreign key's hold on its parent row) leaves nothing: in a prewrite or a
 * one-phase commit it checks, under the key's latch, that the key exists now and that no other
 * transaction holds a DELETE or LOCK lock on it.
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
 * <b>A key locked for update commits above the versions the lock was checked over</b>: the lock
 * records {@code minCommitTs = forUpdateTs + 1}, a Commit or ResolveLock below it is refused, and a
 * one-phase commit lands at or above it.
 *
 * <h2>Locks for update live in the leader's memory</h2>
 * {@code AcquireLock} (SELECT ... FOR UPDATE) is checked like any write, but its locks are kept in
 * the leader's memory ({@code internal.PessimisticLocks}, TiKV's in-memory pessimistic locks), not
 * proposed: no Raft round. Every check that looks for a lock sees them; reads ignore them as they
 * ignore every LOCK-only lock. They are lost when the term changes (a new term starts with an empty
 * table), when the range splits, and when a full table is swept; with no room, locks are
 * replicated as before. <b>Losing one never lets its owner commit over the key</b>: a prewrite
 * or one-phase commit marks the keys its transaction locked for update, and a marked key with
 * none of the transaction's locks on it fails with 40001 (after the checks a late retry of an
 * applied prewrite passes). The owner's prewrite turns an in-memory lock into a replicated one,
 * its one-phase commit into a version; heartbeats extend it in memory; a status check on an
 * in-memory primary reads it, and rolling it back drops it and leaves the usual marker.
 *
 * <h2>Checks on the leader, under latches</h2>
 * Conflict checks run on the leader before anything is proposed, as in TiKV's scheduler: the
 * command takes per-key latches (hashed slots, FIFO queues, all claimed atomically so waits can
 * never cycle), reads the applied state, and turns into the writes that carry it out. The latches
 * are held until those writes are applied, so no two in-flight commands ever check one key
 * against different states. <b>A command is checked only in the term it was admitted in, and only
 * once the leader has applied its term's first entry</b> ({@code RangeReplica.requireTerm});
 * otherwise it is refused with NOT_LEADER before anything is proposed. Each Raft entry also records
 * the term its checks ran in; an entry whose log term differs is skipped on every replica, because
 * a leader that lost its term must not apply stale checks.
 *
 * <h2>Reads, and the read/commit race</h2>
 * Reads are served by the leader from its RocksDB after a Ratis linearizable-read barrier (leader
 * lease, or a ReadIndex round without one). <b>A read at {@code readTs} never misses a one-phase
 * commit with {@code commitTs <= readTs}</b>: a one-phase commit registers its keys as pending
 * before it picks {@code commitTs = max(maxReadTs + 1, startTs + 1, minCommitTs of its own locks)},
 * and a read raises {@code maxReadTs} before looking for pending keys, so either the commit lands
 * above the read or the read waits for the commit. Because the inputs were issued by the oracle,
 * the commit timestamp is at most one above an issued timestamp, so any transaction that starts
 * after the commit is acknowledged sees it - without an oracle round trip per commit (TiKV's
 * max-ts rule). A scan never reads past the range's slot end: a scan whose end lies beyond it is
 * refused with RANGE_MOVED, because the next range's keys may sit right there. A scan may carry a
 * {@link dev.basalt.range.ScanFilter} (a kind and an opaque program that the node's SQL layer
 * turns into code, {@link dev.basalt.range.RangeStoreConfig#scanFilters}): the range drops and
 * shortens rows before they cross the network, and looks at a bounded number of rows per page. A
 * filter may also absorb rows and hand back its own state instead (SQL's partial aggregates): it
 * does so when the state is full and when the page ends ({@code ScanFilter.flush}), under the key
 * of the last row it read, so a page's keys still ascend and the resume key stays exact.
 *
 * <p><b>A new leader's read floor comes from the oracle.</b> A new leader cannot know which reads
 * its predecessors served, and a node's clock may be behind timestamps the oracle already issued.
 * So on entering a term it draws a fresh timestamp from the oracle ({@code oracle} in
 * {@link dev.basalt.range.RangeStoreConfig}) on a separate floor executor (the call blocks), and
 * raises {@code maxReadTs} to it; until that is done it checks, reads and commits nothing, and a
 * request waits for the floor at most {@code FLOOR_WAIT_MS_MAX}. The upper half of a split starts
 * with the lower half's {@code maxReadTs}.
 *
 * <h2>Safe point and garbage collection</h2>
 * {@code SetSafePoint} raises the range's safe point (never lowers it), taken with every key latch
 * of the range so that no write checked before it is applied after it. From then on reads below it,
 * and prewrites, one-phase commits and locks of transactions that started below it, fail with
 * SNAPSHOT_TOO_OLD. {@code Gc} may only collect at or below the safe point; it keeps, per key, the
 * newest PUT at or below it (a newest DELETE goes too), and it is clamped below the oldest lock
 * left in the range, so the records that decide an unresolved transaction stay. Below
 * {@code collectedTs}, {@code CheckTxnStatus} refuses to decide a transaction it finds no record
 * of. A split's upper half inherits both timestamps.
 *
 * <h2>Group commit</h2>
 * A Raft entry costs milliseconds of CPU whatever its size (notes/RATIS.md). While one entry of a
 * range is in flight, newly checked commands queue and all go out together in the next entry;
 * when the previous entry carried several commands and fewer are queued, the next one waits up to
 * {@code LINGER_MICROS_MAX} (20 ms) for the writers that are just coming back (the target batch
 * size decays by one per entry). Throughput thus grows with concurrency. The queue is bounded
 * ({@code QUEUED_COMMANDS_MAX}); beyond it commands fail with SERVER_BUSY. <b>A Raft failure after
 * submission is never reported as "not applied"</b>: the entry may have been appended and may still
 * commit under the next leader, so the proposer answers REQUEST_OUTCOME_UNKNOWN. Only the
 * apply-side refusals are definite (stale term: NOT_LEADER; keys left the range: RANGE_MOVED; a
 * collection above the safe point: INVALID_STATE).
 *
 * <h2>Replicas: create, join, split, move</h2>
 * <ul>
 *   <li>A new range ({@code createRange}, at {@code init}) starts on every replica from the same
 *       descriptor and an empty log.</li>
 *   <li>A joining replica starts from a snapshot another replica exported
 *       ({@code exportSnapshot}): {@code importReplica} checks its checksum, installs data,
 *       metadata and applied index, and starts the group; the leader then adds it by a Raft
 *       configuration change ({@code changeReplicas}) and brings it up to date from the log. The
 *       configuration change is what changes the descriptor's replica list and generation.</li>
 *   <li>A split is a log entry naming the middle slot and the new range's id: every replica
 *       persists both halves' metadata with the entry, then creates the new range's group over
 *       data it already holds. A crash in between is repaired on start
 *       ({@code recoverMissingReplicas}).</li>
 *   <li>Leadership moves only by Raft leadership transfer ({@code transferLeader}). Every peer has
 *       the same Raft priority: Ratis lets an up-to-date replica refuse its vote to a candidate of
 *       lower priority, so a preferred replica that is down or paused would hold elections up.</li>
 * </ul>
 *
 * <h2>Apply, snapshots and recovery</h2>
 * Entries carry the checked writes, so apply is deterministic: the same log gives the same bytes
 * on every replica. Each entry is applied with one RocksDB {@code WriteBatch} that also stores the
 * applied {@code (term, index)}; a restarted replica skips entries at or below it. A snapshot is a
 * file (header version 2: term, index and the range's metadata; then every record of the range's
 * spans; then a CRC32C trailer) written from one RocksDB snapshot into Ratis's {@code sm/}
 * directory after the WAL is synced. Ratis purges its log up to it and ships it to a lagging
 * replica, which checks the checksum, deletes its copy of the range and loads the file, writing
 * the metadata and the applied index with the last batch. A node that crashed mid-install finds
 * the snapshot newer than its applied index on start and installs it again. A failure inside
 * apply halts the node: it must never answer from a state that may differ from its peers'.
 *
 * <h2>Raft settings</h2>
 * {@code internal.RangeStoreRaft} names and configures the groups: election timeout 1-2 s by default,
 * linearizable reads with the leader lease, snapshots every {@code snapshotEveryEntries}, log
 * purged up to the snapshot. A leader retries a failing follower after 1 ms ten times, 50 ms twenty
 * times, then every 200 ms ({@code APPENDER_RETRY_POLICY}); Ratis's default backoff made a
 * restarted node take 10-25 s to catch up.
 */
package dev.basalt.range;
