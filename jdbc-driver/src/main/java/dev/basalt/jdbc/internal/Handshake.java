package dev.basalt.jdbc.internal;

import dev.basalt.common.auth.Scram;
import dev.basalt.jdbc.wire.AuthenticateRequest;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ConnectRequest;
import dev.basalt.jdbc.wire.ConnectResponse;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Map;

/**
 * The client's side of opening a session (see {@code dev.basalt.jdbc.wire}): CONNECT with a fresh
 * nonce; on a cluster without users the node opens the session at once; otherwise it answers with
 * a SCRAM-SHA-256 challenge, the driver sends its proof (AUTHENTICATE) and checks the node's
 * signature before it uses the session. <b>The password never leaves this class</b>: only a proof
 * that is worthless for any other exchange does.
 */
final class Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    /**
     * Opens the session on {@code channel}, each round trip bounded by {@code timeoutMs}. Errors:
     * 28P01 from the node (wrong password, unknown user, no user where users exist), 28000 when the
     * node's answer does not prove it knows the user's verifier, 08xxx when the node cannot be reached.
     */
    static ConnectResponse.Opened open(SessionChannel channel, String user, String password, String database,
                                       Map<String, String> serverProperties, long timeoutMs) throws SQLException {
        String clientNonce = Scram.newNonce(RANDOM);
        byte[] connect = new ConnectRequest(user, database, serverProperties, clientNonce).encode();
        ConnectResponse first = channel.decode(ClientMethods.CONNECT, channel.callWithin(ClientMethods.CONNECT, connect, timeoutMs),
                ConnectResponse::decode);
        if (first instanceof ConnectResponse.Opened opened) {
            return opened; // the cluster has no users: nothing was checked, on either side
        }
        ConnectResponse.Challenge challenge = (ConnectResponse.Challenge) first;
        if (!challenge.nonce().startsWith(clientNonce) || challenge.nonce().length() == clientNonce.length()) {
            throw refused(channel, "its SCRAM nonce does not extend the one the driver sent");
        }
        String authMessage = Scram.authMessage(user == null ? "" : user, clientNonce, challenge.nonce(), challenge.salt(),
                challenge.iterations());
        Scram.ClientFinal computed = Scram.clientFinal(password == null ? "" : password, challenge.salt(), challenge.iterations(),
                authMessage);
        byte[] answer = channel.callWithin(ClientMethods.AUTHENTICATE, new AuthenticateRequest(computed.proof()).encode(), timeoutMs);
        ConnectResponse last = channel.decode(ClientMethods.AUTHENTICATE, answer, ConnectResponse::decode);
        if (!(last instanceof ConnectResponse.Opened opened) || !opened.authenticated()) {
            throw refused(channel, "it answered the proof without a SCRAM signature");
        }
        if (!Scram.sameSignature(opened.serverSignature(), computed.expectedServerSignature())) {
            throw refused(channel, "its SCRAM signature does not match, so it does not know the password of user \"" + user + "\"");
        }
        return opened;
    }

    private static SQLException refused(SessionChannel channel, String why) {
        return Errors.driver(SqlStates.INVALID_AUTHORIZATION, "the driver refuses the session that " + channel.target() + " opened: " + why);
    }
}
