package dev.basalt.placement;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.net.HostPort;

/** A node of the cluster: its id, the address clients and nodes call, and the address of its Raft transport. */
public record NodeInfo(int id, HostPort address, HostPort raftAddress) {
    public void write(ByteWriter w) {
        w.i32(id).string(address.toString()).string(raftAddress.toString());
    }

    public static NodeInfo read(ByteReader r) {
        return new NodeInfo(r.i32(), HostPort.parse(r.string()), HostPort.parse(r.string()));
    }
}
