package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;

/**
 * The answer to CONNECT: encoded as {@code string serverVersion, i32 nodeId, i64 sessionId}.
 *
 * @param serverVersion the node's version text, for example {@code 0.1.0}; DatabaseMetaData reports it
 * @param nodeId        the node that holds the session
 * @param sessionId     the session's id on that node, for the node's logs and diagnostics
 */
public record ConnectResponse(String serverVersion, int nodeId, long sessionId) {
    public ConnectResponse {
        serverVersion = serverVersion == null ? "" : serverVersion;
    }

    public byte[] encode() {
        return new ByteWriter().string(serverVersion).i32(nodeId).i64(sessionId).toByteArray();
    }

    public static ConnectResponse decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        ConnectResponse c = new ConnectResponse(Codec.requireString(r, "server version"), r.i32(), r.i64());
        r.expectEnd();
        return c;
    }
}
