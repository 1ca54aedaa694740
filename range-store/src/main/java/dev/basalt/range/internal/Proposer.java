package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Group commit for one range leader. A Raft entry costs milliseconds of CPU and I/O whatever its
 * size (notes/RATIS.md), so while {@code inFlightMax} entries are in flight, newly checked
 * commands wait here and all of them go out together in the next entry. Throughput then grows
 * with concurrency instead of staying at one command per entry.
 *
 * <p>An entry holds commands checked in one leader term only (the apply-side term check is per
 * entry). The queue is bounded ({@link #QUEUED_COMMANDS_MAX}); beyond it a command fails with
 * SERVER_BUSY rather than waiting without limit.
 */
final class Proposer {
    static final int QUEUED_COMMANDS_MAX = 20_000;
    /** An entry carries at most this many bytes of writes (Ratis's default entry limit is 64 MiB). */
    static final int ENTRY_BYTES_MAX = 8 << 20;
    /**
     * When recent entries carried several commands and fewer wait now, the next entry waits up to
     * this long for the writers whose commands just completed to send their next ones. A lone
     * writer (entries of one command) never waits.
     */
    static final long LINGER_MICROS_MAX = 20_000;

    private record Proposal(long term, byte[] gcEntry, List<RawWrite> writes, int bytes, CompletableFuture<Void> done) {
    }

    private final long rangeId;
    private final java.util.function.Supplier<RaftServer> server;
    private final RaftGroupId groupId;
    private final ClientId clientId;
    private final AtomicLong callIds;
    private final int inFlightMax;
    private final long lingerMicros;
    private final ArrayDeque<Proposal> queue = new ArrayDeque<>();
    private int inFlight;
    private int lastBatchSize = 1;
    private long lingerUntilNanos;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();

    Proposer(long rangeId, java.util.function.Supplier<RaftServer> server, RaftGroupId groupId, ClientId clientId, AtomicLong callIds, int inFlightMax,
             long lingerMicros) {
        this.lingerMicros = lingerMicros;
        this.rangeId = rangeId;
        this.server = server;
        this.groupId = groupId;
        this.clientId = clientId;
        this.callIds = callIds;
        this.inFlightMax = inFlightMax;
    }

    /** Replicates {@code writes}, checked in leader term {@code term}; completes once they are applied. */
    CompletableFuture<Void> propose(long term, List<RawWrite> writes) {
        return enqueue(new Proposal(term, null, writes, LogEntries.sizeOf(writes), new CompletableFuture<>()));
    }

    /** Replicates a garbage collection below {@code safePointTs}; it travels in an entry of its own. */
    CompletableFuture<Void> proposeGc(long term, long safePointTs) {
        return enqueue(new Proposal(term, LogEntries.gc(term, safePointTs), List.of(), 0, new CompletableFuture<>()));
    }

    /** Replicates a raise of the range's safe point; it travels in an entry of its own. */
    CompletableFuture<Void> proposeSafePoint(long term, long safePointTs) {
        return enqueue(new Proposal(term, LogEntries.safePoint(term, safePointTs), List.of(), 0, new CompletableFuture<>()));
    }

    /** Replicates a split of the range at {@code splitSlot}; it travels in an entry of its own. */
    CompletableFuture<Void> proposeSplit(long term, long newRangeId, int splitSlot) {
        return enqueue(new Proposal(term, LogEntries.split(term, newRangeId, splitSlot), List.of(), 0, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> enqueue(Proposal p) {
        synchronized (this) {
            if (queue.size() >= QUEUED_COMMANDS_MAX) {
                return CompletableFuture.failedFuture(new BasaltException(ErrorCode.SERVER_BUSY,
                        "range " + rangeId + ": " + QUEUED_COMMANDS_MAX + " commands already wait for replication"));
            }
            queue.addLast(p);
        }
        pump();
        return p.done;
    }

    private void pump() {
        while (true) {
            List<Proposal> batch = new ArrayList<>();
            byte[] entry;
            synchronized (this) {
                if (inFlight >= inFlightMax || queue.isEmpty()) {
                    return;
                }
                if (queue.size() < lastBatchSize && lingerMicros > 0) {
                    long now = System.nanoTime();
                    if (lingerUntilNanos == 0) {
                        lingerUntilNanos = now + lingerMicros * 1000;
                        CompletableFuture.runAsync(this::pump,
                                CompletableFuture.delayedExecutor(lingerMicros, java.util.concurrent.TimeUnit.MICROSECONDS));
                        return;
                    }
                    if (now < lingerUntilNanos) {
                        return;
                    }
                }
                lingerUntilNanos = 0;
                Proposal first = queue.pollFirst();
                batch.add(first);
                if (first.gcEntry != null) {
                    entry = first.gcEntry;
                } else {
                    int bytes = first.bytes;
                    while (!queue.isEmpty()) {
                        Proposal next = queue.peekFirst();
                        if (next.gcEntry != null || next.term != first.term || bytes + next.bytes > ENTRY_BYTES_MAX) {
                            break;
                        }
                        batch.add(queue.pollFirst());
                        bytes += next.bytes;
                    }
                    List<List<RawWrite>> groups = new ArrayList<>(batch.size());
                    for (Proposal p : batch) {
                        groups.add(p.writes);
                    }
                    entry = LogEntries.writes(first.term, groups, bytes);
                }
                // The target decays by one command per entry, so one short batch (a linger that ran
                // out) does not stop the next entries from waiting for the writers that are coming.
                lastBatchSize = Math.max(batch.size(), lastBatchSize - 1);
                inFlight++;
            }
            send(entry, batch);
        }
    }

    private void send(byte[] entry, List<Proposal> batch) {
        entries.incrementAndGet();
        commands.addAndGet(batch.size());
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server.get().getId())
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = server.get().submitClientRequestAsync(request);
        } catch (Exception e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, error) -> {
            synchronized (this) {
                inFlight--;
            }
            BasaltException failure = failureOf(r, error);
            for (Proposal p : batch) {
                if (failure == null) {
                    p.done.complete(null);
                } else {
                    p.done.completeExceptionally(failure);
                }
            }
            pump();
        });
    }

    /**
     * What a failed or refused entry means for its commands. A failure reported by Raft, a
     * NotLeader reply included, cannot say whether the entry was appended before leadership was
     * lost, and an appended entry may still commit under the next leader: the outcome is unknown
     * (asking again, which every range request allows, learns it). Only the apply-side refusals are
     * definite: every replica skipped the entry.
     */
    private BasaltException failureOf(RaftClientReply reply, Throwable error) {
        if (error != null || !reply.isSuccess()) {
            return new BasaltException(ErrorCode.REQUEST_OUTCOME_UNKNOWN, "range " + rangeId
                    + ": replication failed; the command may or may not be applied: " + (error != null ? error : reply.getException()),
                    error);
        }
        if (reply.getMessage().getContent().byteAt(0) == LogEntries.STALE_RANGE) {
            return new BasaltException(ErrorCode.RANGE_MOVED, "range " + rangeId
                    + ": a split moved some of the keys to another range; the command was not applied");
        }
        if (reply.getMessage().getContent().byteAt(0) == LogEntries.ABOVE_SAFE_POINT) {
            return new BasaltException(ErrorCode.INVALID_STATE, "range " + rangeId
                    + ": garbage collection above the range's safe point was refused; set the safe point first");
        }
        if (reply.getMessage().getContent().byteAt(0) == LogEntries.STALE_TERM) {
            return new BasaltException(ErrorCode.NOT_LEADER, "range " + rangeId
                    + ": leadership changed between check and commit; the command was not applied");
        }
        return null;
    }

    /** Raft entries sent and commands they carried, for the group-commit ratio. */
    long[] counters() {
        return new long[] {entries.get(), commands.get()};
    }
}
