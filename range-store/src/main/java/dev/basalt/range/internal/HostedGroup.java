package dev.basalt.range.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.ReplicatedGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/** A {@link ReplicatedGroup} over this node's Ratis server: requests are submitted in-process. */
public final class HostedGroup implements ReplicatedGroup {
    private final String name;
    private final java.util.function.Supplier<RaftServer> servers;
    private final RaftGroupId groupId;
    private final ClientId clientId;
    private final AtomicLong callIds;
    private final IntFunction<String> raftAddressOf;

    public HostedGroup(String name, java.util.function.Supplier<RaftServer> servers, RaftGroupId groupId, ClientId clientId, AtomicLong callIds,
                       IntFunction<String> raftAddressOf) {
        this.name = name;
        this.servers = servers;
        this.groupId = groupId;
        this.clientId = clientId;
        this.callIds = callIds;
        this.raftAddressOf = raftAddressOf;
    }

    private RaftServer server() {
        return servers.get();
    }

    @Override
    public String name() {
        return name;
    }

    private DivisionInfo info() {
        try {
            return server().getDivision(groupId).getInfo();
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "group " + name + " is not open on this node: " + e.getMessage());
        }
    }

    private CompletableFuture<RaftClientReply> submit(RaftClientRequest.Type type, byte[] payload) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server().getId())
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(payload)))
                .setType(type)
                .build();
        try {
            return server().submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<byte[]> propose(byte[] command) {
        boolean leading;
        try {
            leading = info().isLeader();
        } catch (BasaltException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!leading) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.NOT_LEADER, "group " + name
                    + ": this node does not lead it (leader: node " + leaderNodeId() + ")"));
        }
        return submit(RaftClientRequest.writeRequestType(), command).handle((reply, e) -> {
            if (e != null || !reply.isSuccess()) {
                throw new BasaltException(ErrorCode.REQUEST_OUTCOME_UNKNOWN, "group " + name
                        + ": replication failed; the command may or may not be applied: " + (e != null ? e : reply.getException()));
            }
            return reply.getMessage().getContent().toByteArray();
        });
    }

    @Override
    public CompletableFuture<Void> readBarrier() {
        return submit(RaftClientRequest.readRequestType(), new byte[0]).handle((reply, e) -> {
            if (e != null || !reply.isSuccess()) {
                throw new BasaltException(ErrorCode.NOT_LEADER, "group " + name + ": read barrier failed (not the leader, or "
                        + "its lease could not be confirmed): " + (e != null ? e : reply.getException()));
            }
            return null;
        });
    }

    @Override
    public boolean isLeaderReady() {
        try {
            DivisionInfo info = info();
            return info.isLeader() && info.isLeaderReady();
        } catch (BasaltException e) {
            return false;
        }
    }

    @Override
    public long term() {
        return info().getCurrentTerm();
    }

    @Override
    public int leaderNodeId() {
        try {
            RaftPeerId leader = info().getLeaderId();
            return leader == null ? -1 : RangeStoreRaft.nodeIdOf(leader);
        } catch (BasaltException e) {
            return -1;
        }
    }

    @Override
    public List<Integer> members() {
        List<Integer> out = new ArrayList<>();
        try {
            server().getDivision(groupId).getRaftConf().getCurrentPeers().forEach(p -> out.add(RangeStoreRaft.nodeIdOf(p.getId())));
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "group " + name + " is not open on this node: " + e.getMessage());
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    @Override
    public void setMembers(List<Integer> nodeIds) {
        List<RaftPeer> peers = new ArrayList<>();
        for (int node : nodeIds) {
            peers.add(RaftPeer.newBuilder().setId(RangeStoreRaft.peerIdOf(node)).setAddress(raftAddressOf.apply(node)).build());
        }
        RaftClientReply reply;
        try {
            reply = server().setConfiguration(new SetConfigurationRequest(clientId, server().getId(), groupId,
                    callIds.incrementAndGet(), peers, List.of()));
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "group " + name + ": configuration change to " + nodeIds
                    + " failed: " + e.getMessage());
        }
        if (!reply.isSuccess()) {
            throw new BasaltException(ErrorCode.RANGE_UNAVAILABLE, "group " + name + ": configuration change to "
                    + nodeIds + " failed: " + reply.getException());
        }
    }

    @Override
    public void transferLeadership(int nodeId, long timeoutMs) {
        LeaderTransfers.transfer(server(), clientId, callIds, groupId, nodeId, timeoutMs, "group " + name);
    }
}
