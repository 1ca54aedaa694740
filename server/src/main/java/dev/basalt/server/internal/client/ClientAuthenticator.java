package dev.basalt.server.internal.client;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.auth.Scram;
import dev.basalt.common.auth.ScramVerifier;
import dev.basalt.jdbc.wire.AuthenticateRequest;
import dev.basalt.jdbc.wire.ConnectRequest;
import dev.basalt.jdbc.wire.ConnectResponse;
import dev.basalt.sql.auth.SessionUser;
import dev.basalt.sql.auth.User;
import dev.basalt.sql.auth.UserDirectory;
import dev.basalt.sql.auth.Users;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of password authentication (SCRAM-SHA-256, {@code dev.basalt.common.auth}), one
 * per node, shared by its connections. A connection goes through these states, each CONNECT
 * or AUTHENTICATE moving it once:
 * <pre>
 *   new ──CONNECT, cluster without users──────────────────────────────&gt; session (not authenticated)
 *   new ──CONNECT, cluster with users──&gt; challenged ──AUTHENTICATE, proof right──&gt; session (authenticated)
 *                                          │
 *                                          └──AUTHENTICATE, proof wrong──&gt; new (28P01, no session)
 * </pre>
 * <b>A cluster with at least one user opens a session only for a client that proved the password
 * of an existing user.</b> Users are read from the meta group at every CONNECT (a linearizable
 * read), so a user created on one node logs in on another at once.
 *
 * <p>An unknown user gets a challenge like a known one (a salt derived from the name and a secret
 * of this node, the default iterations) and fails only after its proof, with the same message as a
 * wrong password, so the answer to CONNECT does not tell which names exist. A client that names no
 * user on a cluster with users fails at CONNECT (28P01): there is nothing to hide.
 */
public final class ClientAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAuthenticator.class);

    private final int nodeId;
    private final UserDirectory users;
    private final SecureRandom random = new SecureRandom();
    /** Makes the salts of users that do not exist: stable on this node, unguessable elsewhere. */
    private final byte[] mockSaltSecret = new byte[32];

    /** What CONNECT decided. */
    public sealed interface Start {
    }

    /** The cluster has no users: open the session as {@code user}, not authenticated. */
    public record Trusted(SessionUser user) implements Start {
    }

    /**
     * The client must prove the password: the challenge to send, and what AUTHENTICATE needs to
     * check the proof. {@code verifier} is null for a user that does not exist.
     */
    public record Challenged(String user, String clientNonce, ConnectResponse.Challenge challenge, ScramVerifier verifier)
            implements Start {
        /** The verifier is not shown. */
        @Override
        public String toString() {
            return "Challenged[user=" + user + "]";
        }
    }

    /** AUTHENTICATE succeeded: the session's user and the node's signature for the client to check. */
    public record Authenticated(SessionUser user, byte[] serverSignature) {
    }

    public ClientAuthenticator(int nodeId, UserDirectory users) {
        this.nodeId = nodeId;
        this.users = users;
        random.nextBytes(mockSaltSecret);
    }

    /** CONNECT: open at once on a cluster without users, else challenge. Fails with 28P01 for a missing user name. */
    public Start start(ConnectRequest request) {
        Users current = users.current();
        if (current.isEmpty()) {
            return new Trusted(SessionUser.unauthenticated(request.user()));
        }
        if (request.user().isEmpty()) {
            LOG.info("node {}: refused a connection that named no user (this cluster has users)", nodeId);
            throw new BasaltException(ErrorCode.INVALID_PASSWORD, "no user name was given: this cluster requires a user and "
                    + "password (user=... and password=... in the URL or connection properties)");
        }
        User user = current.find(request.user());
        byte[] salt = user != null ? user.verifier().salt() : mockSalt(request.user());
        int iterations = user != null ? user.verifier().iterations() : Scram.ITERATIONS_DEFAULT;
        String nonce = request.clientNonce() + Scram.newNonce(random);
        return new Challenged(request.user(), request.clientNonce(), new ConnectResponse.Challenge(nonce, salt, iterations),
                user != null ? user.verifier() : null);
    }

    /** AUTHENTICATE after {@code challenged}: the session's user, or 28P01 naming the user. */
    public Authenticated finish(Challenged challenged, AuthenticateRequest request) {
        ConnectResponse.Challenge c = challenged.challenge();
        String authMessage = Scram.authMessage(challenged.user(), challenged.clientNonce(), c.nonce(), c.salt(), c.iterations());
        ScramVerifier verifier = challenged.verifier();
        if (verifier == null || !Scram.proofMatches(verifier, authMessage, request.proof())) {
            LOG.info("node {}: password authentication failed for user \"{}\"{}", nodeId, challenged.user(),
                    verifier == null ? " (no such user)" : "");
            throw failed(challenged.user());
        }
        // The user may have been dropped or altered between CONNECT and now: it must still hold this verifier.
        User now = users.current().find(challenged.user());
        if (now == null || !now.verifier().equals(verifier)) {
            throw failed(challenged.user());
        }
        LOG.debug("node {}: user \"{}\" authenticated", nodeId, now.name());
        return new Authenticated(new SessionUser(now.name(), true), Scram.serverSignature(verifier, authMessage));
    }

    static BasaltException failed(String user) {
        return new BasaltException(ErrorCode.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
    }

    private byte[] mockSalt(String user) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(mockSaltSecret);
            digest.update(Users.normalize(user).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest.digest(), Scram.SALT_BYTES_DEFAULT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
