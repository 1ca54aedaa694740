package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.range.RangeDescriptor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
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
 * <p>Entries carry the writes the leader already checked ({@link LogEntries}), so apply is
 * deterministic: the same log gives the same bytes on every replica. Each entry is applied with one
 * {@link WriteBatch} that also records the applied {@code (term, index)} under
 * {@code applied/<rangeId>}; a restarted replica skips entries at or below it. An entry whose log
 * term differs from the term its checks ran in is skipped on every replica (its checks may be
 * stale) and its proposer is told so.
 *
 * <p>Snapshots are {@link RangeSnapshots} files in Ratis's {@code sm/} directory, written at the
 * applied index; Ratis ships them to lagging or new replicas, which install them in
 * {@link #reinitialize()}. On start, a snapshot newer than the applied index in RocksDB (a crash
 * during install) is installed again.
 */
public final class RangeStateMachine extends dev.basalt.range.SnapshotStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RangeStateMachine.class);
    private static final Message APPLIED = Message.valueOf(ByteString.copyFrom(new byte[] {LogEntries.APPLIED}));
    private static final Message STALE_TERM = Message.valueOf(ByteString.copyFrom(new byte[] {LogEntries.STALE_TERM}));
    private static final Message STALE_RANGE = Message.valueOf(ByteString.copyFrom(new byte[] {LogEntries.STALE_RANGE}));

    /** Told, in log order on every replica, that the range split into {@code left} (this range) and {@code right}. */
    public interface SplitListener {
        void onSplit(RangeDescriptor left, RangeDescriptor right);
    }

    private final long rangeId;
    private final Storage storage;
    private final Mvcc mvcc;
    private final Supplier<RangeDescriptor> descriptor;
    private final Consumer<RangeStateMachine> onLeaderChange;
    private final SplitListener splitListener;
    /** Data writes applied since this replica started or the range last split: the load that triggers automatic splits. */
    private final java.util.concurrent.atomic.AtomicLong writesSinceSplit = new java.util.concurrent.atomic.AtomicLong();
    /**
     * The highest safe point garbage collection ran at (in memory: 0 after a restart until the next
     * collection). Reads below it may miss versions and are refused.
     */
    private final java.util.concurrent.atomic.AtomicLong gcSafePoint = new java.util.concurrent.atomic.AtomicLong();
    private final byte[] appliedKey;
    /** Entries at or below this index are already in RocksDB (found at start or install). */
    private volatile long recoveredIndex = -1;

    long gcSafePoint() {
        return gcSafePoint.get();
    }

    RangeStateMachine(long rangeId, Storage storage, Supplier<RangeDescriptor> descriptor, Consumer<RangeStateMachine> onLeaderChange,
                      SplitListener splitListener) {
        this.splitListener = splitListener;
        this.rangeId = rangeId;
        this.storage = storage;
        this.mvcc = new Mvcc(storage);
        this.descriptor = descriptor;
        this.onLeaderChange = onLeaderChange;
        this.appliedKey = appliedKey(rangeId);
    }

    static byte[] appliedKey(long rangeId) {
        return ("applied/" + rangeId).getBytes(StandardCharsets.UTF_8);
    }

    long rangeId() {
        return rangeId;
    }

    /**
     * Brings RocksDB to at least the latest snapshot. Ratis replays the log from the snapshot's
     * index and requires the applied index to only grow, so it is told the snapshot's index;
     * entries up to RocksDB's applied index are then skipped in {@link #applyTransaction}.
     */
    @Override
    protected void recover(SingleFileSnapshotInfo snapshot) throws IOException {
        long[] applied = RangeSnapshots.readApplied(storage.get(Storage.CF_DEFAULT, appliedKey));
        long appliedIndex = applied == null ? -1 : applied[1];
        if (snapshot != null && snapshot.getIndex() > appliedIndex) {
            long records = RangeSnapshots.install(storage, snapshot.getFile().getPath().toFile(), appliedKey);
            LOG.info("range {}: installed snapshot at index {} ({} records; applied index was {})",
                    rangeId, snapshot.getIndex(), records, appliedIndex);
            appliedIndex = snapshot.getIndex();
        }
        recoveredIndex = appliedIndex;
        if (snapshot != null) {
            setLastAppliedTermIndex(snapshot.getTermIndex());
        }
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
        boolean stale = decoded.evalTerm() != termIndex.getTerm();
        RangeDescriptor current = descriptor.get();
        boolean moved = !stale && decoded.kind() == LogEntries.KIND_WRITES && !allInRange(decoded.writes(), current);
        RangeDescriptor[] split = null;
        try (WriteBatch batch = new WriteBatch()) {
            if (!stale && !moved) {
                if (decoded.kind() == LogEntries.KIND_SPLIT) {
                    split = splitOf(current, decoded);
                    if (split != null) {
                        batch.put(storage.cf(Storage.CF_DEFAULT), dev.basalt.range.RangeStore.descriptorKey(split[0].rangeId()),
                                dev.basalt.range.RangeStore.encodeDescriptor(split[0]));
                        batch.put(storage.cf(Storage.CF_DEFAULT), dev.basalt.range.RangeStore.descriptorKey(split[1].rangeId()),
                                dev.basalt.range.RangeStore.encodeDescriptor(split[1]));
                    }
                } else if (decoded.kind() == LogEntries.KIND_GC) {
                    RangeDescriptor d = descriptor.get();
                    gcSafePoint.accumulateAndGet(decoded.safePointTs(), Math::max);
                    int deleted = mvcc.collectGarbage(d.slotStart(), d.slotEnd(), decoded.safePointTs(), batch);
                    LOG.debug("range {}: garbage collection below {} deletes {} records", rangeId, decoded.safePointTs(), deleted);
                } else {
                    writesSinceSplit.addAndGet(decoded.writes().size());
                    for (RawWrite w : decoded.writes()) {
                        if (w.value() == null) {
                            batch.delete(storage.cf(w.cf()), w.key());
                        } else {
                            batch.put(storage.cf(w.cf()), w.key(), w.value());
                        }
                    }
                }
            }
            batch.put(storage.cf(Storage.CF_DEFAULT), appliedKey, RangeSnapshots.appliedValue(termIndex.getTerm(), termIndex.getIndex()));
            storage.write(batch);
        } catch (RocksDBException | Storage.StorageFailure e) {
            // A failure here may leave this replica different from its peers: stop serving.
            LOG.error("range {}: apply of entry {} failed; halting this node", rangeId, termIndex, e);
            Runtime.getRuntime().halt(70);
        }
        updateLastAppliedTermIndex(termIndex);
        if (split != null) {
            writesSinceSplit.set(0);
            LOG.info("range {}: split at slot {} into [{}, {}) and range {} [{}, {})", rangeId, decoded.splitSlot(),
                    split[0].slotStart(), split[0].slotEnd(), split[1].rangeId(), split[1].slotStart(), split[1].slotEnd());
            splitListener.onSplit(split[0], split[1]);
        }
        return CompletableFuture.completedFuture(stale ? STALE_TERM : moved ? STALE_RANGE : APPLIED);
    }

    private static boolean allInRange(java.util.List<RawWrite> writes, RangeDescriptor range) {
        for (RawWrite w : writes) {
            if (!range.containsSlot(dev.basalt.range.StorageKey.slot(w.key()))) {
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
        // Make the applied index match the snapshot (config entries advance it without a batch),
        // and make RocksDB durable up to it before Raft may purge the log below it.
        storage.put(Storage.CF_DEFAULT, appliedKey, RangeSnapshots.appliedValue(last.getTerm(), last.getIndex()));
        storage.flushWal();
        RangeDescriptor d = descriptor.get();
        File file = snapshots.getSnapshotFile(last.getTerm(), last.getIndex());
        long records = RangeSnapshots.write(storage,
                new RangeSnapshots.Header(rangeId, last.getTerm(), last.getIndex(), d.slotStart(), d.slotEnd()), file);
        publishSnapshot(file, last);
        LOG.info("range {}: snapshot at index {} ({} records)", rangeId, last.getIndex(), records);
        return last.getIndex();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        onLeaderChange.accept(this);
    }

    Mvcc mvcc() {
        return mvcc;
    }
}
