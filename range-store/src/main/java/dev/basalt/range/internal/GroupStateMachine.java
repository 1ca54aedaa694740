package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.range.ReplicatedState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ReplicatedState} (a group that is not a range, such as the meta group) as a Ratis
 * state machine: commands are validated before they enter the log and applied in log order; the
 * state lives in memory, made durable by the log and by snapshot files written at the applied
 * index, and rebuilt on start from the latest snapshot plus the log after it.
 */
final class GroupStateMachine extends SnapshotStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(GroupStateMachine.class);

    private final String name;
    private final ReplicatedState state;

    GroupStateMachine(String name, ReplicatedState state) {
        this.name = name;
        this.state = state;
    }

    @Override
    protected void recover(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file.toPath())))) {
            state.readSnapshot(in);
        }
        setLastAppliedTermIndex(snapshot.getTermIndex());
        LOG.info("group {}: loaded snapshot at index {}", name, snapshot.getIndex());
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        try {
            state.validate(request.getMessage().getContent().toByteArray());
        } catch (BasaltException e) {
            throw new IOException("group " + name + ": rejected command: " + e.getMessage(), e);
        }
        return super.startTransaction(request);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        TermIndex termIndex = TermIndex.valueOf(trx.getLogEntry());
        byte[] reply = state.apply(trx.getLogEntry().getStateMachineLogEntry().getLogData().toByteArray());
        updateLastAppliedTermIndex(termIndex);
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
    }

    @Override
    public long takeSnapshot() throws IOException {
        // Ratis calls this on the thread that applies entries, so the state cannot change meanwhile.
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = snapshots.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(file.getPath() + ".tmp");
        try (FileOutputStream fos = new FileOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos))) {
            state.writeSnapshot(out);
            out.flush();
            fos.getFD().sync();
        }
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        publishSnapshot(file, last);
        return last.getIndex();
    }
}
