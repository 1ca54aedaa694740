package dev.basalt.common.net;

import dev.basalt.common.ErrorCode;

/**
 * One frame of the RPC protocol, decoded. {@link RpcProtocol} turns frames into bytes and back;
 * the layout of each kind is in the package documentation. Frames holding a {@code byte[]} compare
 * by array identity, like every record with an array component.
 */
sealed interface RpcFrame {
    /** The request this frame belongs to; 0 for the handshake. */
    long requestId();

    /** The first frame a client sends on a connection. */
    record Hello(int magic, int protocolVersion) implements RpcFrame {
        @Override
        public long requestId() {
            return RpcProtocol.HANDSHAKE_REQUEST_ID;
        }
    }

    /** The server accepted the client's {@link Hello}; requests may follow. */
    record HelloOk(int protocolVersion) implements RpcFrame {
        @Override
        public long requestId() {
            return RpcProtocol.HANDSHAKE_REQUEST_ID;
        }
    }

    record Request(long requestId, int method, byte[] payload) implements RpcFrame {
    }

    record ResponseOk(long requestId, byte[] payload) implements RpcFrame {
    }

    /**
     * The request failed; with request id 0 the server refused the connection itself and is about
     * to close it.
     */
    record ResponseError(long requestId, ErrorCode code, String message) implements RpcFrame {
    }

    /** "Are you there?": sent by a client while calls wait and the server has been silent. */
    record Ping(long requestId) implements RpcFrame {
    }

    /** The server's answer to a {@link Ping}, with the same id, written from its event loop. */
    record Pong(long requestId) implements RpcFrame {
    }
}
