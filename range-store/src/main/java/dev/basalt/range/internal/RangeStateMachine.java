package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.StorageKey;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state of one range: applies Raft entries to the node's RocksDB.
 *
 * <p><b>What a replica applies depends only on its log and its snapshot.</b> Besides the data, the
 * range's {@link RangeMeta} (descriptor, creation descriptor, safe point) is replicated state: it
 * changes only here, by a split entry, a Raft configuration entry (the replica list, in node id
 * order), a safe-point or garbage-collection entry, or a snapshot install, and every change
 * is written in the same {@link WriteBatch} as the applied {@code (term, index)}. Writes are
 * checked against this replicated descriptor, so every replica skips the same entries.
 *
 * <p>Entries carry the writes the leader already checked ({@link LogEntries}), so apply is
 * deterministic. A restarted replica skips entries at or below the applied index it finds in
 * RocksDB. An entry whose log term differs from the term its checks ran in is skipped on every
 * replica (its checks may be stale) and its proposer is told so.
 *
 * <p>Snapshots are {@link RangeSnapshots} files in Ratis's {@code sm/} directory; Ratis ships them
 * to lagging replicas, which install them in {@link #reinitialize()}. On start, a snapshot newer
 * than the applied index in RocksDB (a crash during install) is installed again.
 */
public final class RangeStateMachine extends SnapshotStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RangeStateMachine.class);
    private static final Message APPLIED = reply(LogEntries.APPLIED);
    private static final Message STALE_TERM = reply(LogEntries.STALE_TERM);
    private static final Message STALE_RANGE = reply(LogEntries.STALE_RANGE);
    private static final Message ABOVE_SAFE_POINT = reply(LogEntries.ABOVE_SAFE_POINT);

    /** What the store and the leader's request path learn from apply, in log order. */
    public interface Listener {
        /** The range's replicated metadata changed (or was loaded on start or install). */
        void onMeta(RangeMeta meta);

        /** The range split: {@code left} is this range's new metadata, {@code right} the new range's (both already persisted). */
        void onSplit(RangeMeta left, RangeMeta right);

        /** This replica became leader (or lost leadership) as Ratis tells it. */
        default void onLeaderChanged() {
        }

        /** This replica leads and has applied its term's first entry. */
        default void onLeaderReady() {
        }
    }

    private static Message reply(byte outcome) {
        return Message.valueOf(ByteString.copyFrom(new byte[] {outcome}));
    }

    private final long rangeId;
    private final Storage storage;
    private final Mvcc mvcc;
    private final Listener listener;
    /** The replicated metadata as last applied or loaded. */
    private volatile RangeMeta meta;
    /** Data writes applied since this replica started or the range last split: the load that triggers automatic splits. */
    private final AtomicLong writesSinceSplit = new AtomicLong();
    private final byte[] appliedKey;
    /** Entries at or below this index are already in RocksDB (found at start or install). */
    private volatile long recoveredIndex = -1;

    RangeStateMachine(long rangeId, Storage storage, RangeMeta initial, Listener listener) {
        this.rangeId = rangeId;
        this.storage = storage;
        this.mvcc = new Mvcc(storage);
        this.meta = initial;
        this.listener = listener;
        this.appliedKey = appliedKey(rangeId);
    }

    static byte[] appliedKey(long rangeId) {
        return ("applied/" + rangeId).getBytes(StandardCharsets.UTF_8);
    }

    long rangeId() {
        return rangeId;
    }

    RangeMeta meta() {
        return meta;
    }

    RangeDescriptor descriptor() {
        return meta.current();
    }

    long safePointTs() {
        return meta.safePointTs();
    }

    long collectedTs() {
        return meta.collectedTs();
    }

    /**
     * Brings RocksDB to at least the latest snapshot and loads the replicated metadata. Ratis
     * replays the log from the snapshot's index and requires the applied index to only grow, so it
     * is told the snapshot's index; entries up to RocksDB's applied index are then skipped in
     * {@link #applyTransaction}.
     */
    @Override
    protected void recover(SingleFileSnapshotInfo snapshot) throws IOException {
        long[] applied = RangeSnapshots.readApplied(storage.get(Storage.CF_DEFAULT, appliedKey));
        long appliedIndex = applied == null ? -1 : applied[1];
        if (snapshot != null && snapshot.getIndex() > appliedIndex) {
            RangeSnapshots.Header h = RangeSnapshots.install(storage, snapshot.getFile().getPath().toFile(), appliedKey);
            LOG.info("range {}: installed snapshot at index {} (descriptor {}, applied index was {})",
                    rangeId, snapshot.getIndex(), h.meta().current(), appliedIndex);
            appliedIndex = snapshot.getIndex();
        }
        byte[] stored = storage.get(Storage.CF_DEFAULT, RangeMeta.key(rangeId));
        if (stored != null) {
            meta = RangeMeta.decode(stored);
        }
        recoveredIndex = appliedIndex;
        if (snapshot != null) {
            setLastAppliedTermIndex(snapshot.getTermIndex());
        }
        listener.onMeta(meta);
    }

    /** Rejects a malformed entry before it reaches the log. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        try {
            LogEntries.decode(request.getMessage().getContent().toByteArray());
        } catch (BasaltException e) {
            throw new IOException("range " + rangeId + ": rejected entry: " + e.getMessage(), e);
        }
        return super.startTransaction(request);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TermIndex termIndex = TermIndex.valueOf(entry);
        if (termIndex.getIndex() <= recoveredIndex) {
            updateLastAppliedTermIndex(termIndex);
            return CompletableFuture.completedFuture(APPLIED); // replay of an entry RocksDB already holds
        }
        LogEntries.Entry decoded = LogEntries.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
        RangeMeta before = meta;
        RangeMeta after = before;
        RangeMeta right = null;
        Message outcome = APPLIED;
        try (WriteBatch batch = new WriteBatch()) {
            if (decoded.evalTerm() != termIndex.getTerm()) {
                outcome = STALE_TERM;
            } else if (decoded.kind() == LogEntries.KIND_WRITES) {
                if (allInRange(decoded.writes(), before.current())) {
                    writesSinceSplit.addAndGet(decoded.writes().size());
                    for (RawWrite w : decoded.writes()) {
                        if (w.value() == null) {
                            batch.delete(storage.cf(w.cf()), w.key());
                        } else {
                            batch.put(storage.cf(w.cf()), w.key(), w.value());
                        }
                    }
                } else {
                    outcome = STALE_RANGE;
                }
            } else if (decoded.kind() == LogEntries.KIND_SPLIT) {
                RangeDescriptor[] halves = splitOf(before.current(), decoded);
                if (halves != null) {
                    after = before.withCurrent(halves[0]);
                    // The upper half inherits the safe point: reads and writes below it stay refused there.
                    right = new RangeMeta(halves[1], before.safePointTs(), before.collectedTs());
                    batch.put(storage.cf(Storage.CF_DEFAULT), RangeMeta.key(right.rangeId()), right.encode());
                }
            } else if (decoded.kind() == LogEntries.KIND_SAFE_POINT) {
                after = before.withSafePoint(decoded.safePointTs());
            } else if (decoded.kind() == LogEntries.KIND_GC) {
                if (decoded.safePointTs() > before.safePointTs()) {
                    outcome = ABOVE_SAFE_POINT; // the safe point must be set (and locks below it resolved) first
                } else {
                    RangeDescriptor d = before.current();
                    int deleted = mvcc.collectGarbage(d.slotStart(), d.slotEnd(), decoded.safePointTs(), batch);
                    after = before.withCollected(decoded.safePointTs());
                    LOG.debug("range {}: garbage collection below {} deletes {} records", rangeId, decoded.safePointTs(), deleted);
                }
            }
            if (after != before) {
                batch.put(storage.cf(Storage.CF_DEFAULT), RangeMeta.key(rangeId), after.encode());
            }
            batch.put(storage.cf(Storage.CF_DEFAULT), appliedKey, RangeSnapshots.appliedValue(termIndex.getTerm(), termIndex.getIndex()));
            storage.write(batch);
        } catch (RocksDBException | Storage.StorageFailure e) {
            halt("apply of entry " + termIndex, e);
        }
        updateLastAppliedTermIndex(termIndex);
        if (after != before) {
            meta = after;
            if (right != null) {
                writesSinceSplit.set(0);
                LOG.info("range {}: split at slot {} into [{}, {}) and range {} [{}, {})", rangeId, decoded.splitSlot(),
                        after.current().slotStart(), after.current().slotEnd(), right.rangeId(), right.current().slotStart(),
                        right.current().slotEnd());
                listener.onSplit(after, right);
            } else {
                listener.onMeta(after);
            }
        }
        return CompletableFuture.completedFuture(outcome);
    }

    /**
     * A Raft configuration entry applied (Ratis calls this in log order, on the same thread as
     * {@link #applyTransaction}): the replica list follows the configuration's peers, in node id
     * order, and the generation grows when the list changed.
     */
    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
        if (index <= recoveredIndex) {
            return;
        }
        List<RaftPeerProto> peers = new ArrayList<>(conf.getPeersList());
        peers.sort(Comparator.comparingInt(p -> RangeStoreRaft.nodeIdOf(RaftPeerId.valueOf(p.getId()))));
        List<Integer> replicas = new ArrayList<>(peers.size());
        peers.forEach(p -> replicas.add(RangeStoreRaft.nodeIdOf(RaftPeerId.valueOf(p.getId()))));
        RangeMeta before = meta;
        if (replicas.isEmpty() || replicas.equals(before.current().replicas())) {
            return;
        }
        RangeMeta after = before.withCurrent(before.current().withReplicas(replicas));
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(storage.cf(Storage.CF_DEFAULT), RangeMeta.key(rangeId), after.encode());
            batch.put(storage.cf(Storage.CF_DEFAULT), appliedKey, RangeSnapshots.appliedValue(term, index));
            storage.write(batch);
        } catch (RocksDBException | Storage.StorageFailure e) {
            halt("apply of configuration entry " + index, e);
        }
        meta = after;
        LOG.info("range {}: replicas {} -> {} (generation {}) at log index {}", rangeId, before.current().replicas(), replicas,
                after.current().generation(), index);
        listener.onMeta(after);
    }

    /** A failure here may leave this replica different from its peers: stop serving (DESIGN.md section 3). */
    private void halt(String what, Exception e) {
        LOG.error("range {}: {} failed; halting this node", rangeId, what, e);
        Runtime.getRuntime().halt(70);
    }

    private static boolean allInRange(List<RawWrite> writes, RangeDescriptor range) {
        for (RawWrite w : writes) {
            if (!range.containsSlot(StorageKey.slot(w.key()))) {
                return false;
            }
        }
        return true;
    }

    /** The two halves, or null when the split no longer applies (the range is already smaller). */
    private static RangeDescriptor[] splitOf(RangeDescriptor d, LogEntries.Entry e) {
        if (e.splitSlot() <= d.slotStart() || e.splitSlot() >= d.slotEnd() || e.newRangeId() == d.rangeId()) {
            return null;
        }
        long generation = d.generation() + 1;
        return new RangeDescriptor[] {
                new RangeDescriptor(d.rangeId(), d.slotStart(), e.splitSlot(), d.replicas(), generation),
                new RangeDescriptor(e.newRangeId(), e.splitSlot(), d.slotEnd(), d.replicas(), generation)};
    }

    public long writesSinceSplit() {
        return writesSinceSplit.get();
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        if (last.getIndex() < recoveredIndex) {
            // Still replaying entries RocksDB already holds: a snapshot now would be labelled with
            // an index older than its data and would lower the stored applied index.
            SnapshotInfo latest = snapshots.getLatestSnapshot();
            return latest == null ? -1 : latest.getIndex();
        }
        // Make the applied index match the snapshot (entries that change nothing in RocksDB advance
        // it without a batch), and make RocksDB durable up to it before Raft may purge the log below it.
        storage.put(Storage.CF_DEFAULT, appliedKey, RangeSnapshots.appliedValue(last.getTerm(), last.getIndex()));
        storage.flushWal();
        File file = snapshots.getSnapshotFile(last.getTerm(), last.getIndex());
        RangeSnapshots.Written written = RangeSnapshots.write(storage, rangeId, file);
        publishSnapshot(file, last);
        LOG.info("range {}: snapshot at index {} ({} records)", rangeId, last.getIndex(), written.records());
        return last.getIndex();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        listener.onLeaderChanged();
    }

    @Override
    public void notifyLeaderReady() {
        listener.onLeaderReady();
    }

    Mvcc mvcc() {
        return mvcc;
    }
}
