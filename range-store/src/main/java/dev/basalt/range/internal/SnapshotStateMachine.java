package dev.basalt.range.internal;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

/**
 * What every Basalt state machine (ranges, the meta group) shares: one snapshot file per snapshot
 * in Ratis's {@code sm/} directory, recovery from the latest one on start and after Ratis
 * installed one from the leader, and the lifecycle Ratis expects around an install. Reads run
 * outside Ratis after a linearizable-read barrier, so the barrier's query has nothing to do.
 *
 * <p>Ratis facts this encodes (see notes/RATIS.md): the machine must be RUNNING before Ratis may
 * pause it for an install (a machine still NEW makes the updater fail on reload), and it must be
 * RUNNING again after {@link #reinitialize()}.
 */
public abstract class SnapshotStateMachine extends BaseStateMachine {
    /** Snapshot files kept per group; older ones are deleted when a new one is published. */
    public static final int SNAPSHOTS_RETAINED = 2;

    protected final SimpleStateMachineStorage snapshots = new SimpleStateMachineStorage();

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        snapshots.init(raftStorage);
        recover(snapshots.loadLatestSnapshot());
        toRunning();
    }

    /**
     * Brings the state to at least {@code snapshot} (null when there is none), on start and after
     * Ratis installed a snapshot from the leader, and tells Ratis the applied index to resume from.
     */
    protected abstract void recover(SingleFileSnapshotInfo snapshot) throws IOException;

    private void toRunning() {
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.NEW || lc.getCurrentState() == LifeCycle.State.PAUSED) {
            lc.transition(LifeCycle.State.STARTING);
        }
        if (lc.getCurrentState() == LifeCycle.State.STARTING) {
            lc.transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public void pause() {
        toRunning();
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
            lc.transition(LifeCycle.State.PAUSING);
            lc.transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        recover(snapshots.loadLatestSnapshot());
        toRunning();
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return snapshots.getLatestSnapshot();
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    /** Makes a snapshot file written at {@code termIndex} the latest (with its MD5) and deletes old ones. */
    protected void publishSnapshot(File file, TermIndex termIndex) throws IOException {
        snapshots.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(file)), termIndex));
        snapshots.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
            @Override
            public int getNumSnapshotsRetained() {
                return SNAPSHOTS_RETAINED;
            }
        });
    }
}
