package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * A client's TLS: every connection of an {@link RpcClient} made with one starts with a TLS
 * handshake (TLS 1.3 or 1.2, {@link ServerTls#PROTOCOLS}) before its HELLO, and the server's
 * certificate is checked as {@link Verification} says. A server without TLS, a certificate that
 * fails the check, or a handshake that does not finish within {@link #HANDSHAKE_TIMEOUT_MS} breaks
 * the connection; its calls fail with {@code CONNECTION_FAILURE} and a message that starts
 * {@code "TLS handshake with host:port failed: "} and gives the reason.
 */
public final class ClientTls {
    /** A TLS handshake must finish within this; the HELLO exchange then has its own bound. */
    static final long HANDSHAKE_TIMEOUT_MS = 5_000;
    /** The JDK's name for RFC 2818 host name checking: the target's name or IP against the certificate's SAN. */
    private static final String HOST_NAME_CHECK = "HTTPS";
    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final long PEM_FILE_BYTES_MAX = 1 << 20;

    /** What the client checks of the server's certificate. */
    public enum Verification {
        /** Nothing: the connection is encrypted, but the server may be anyone (pgJDBC's {@code require}). */
        NONE,
        /** The chain leads to a trusted CA ({@code verify-ca}). */
        CA,
        /** The chain leads to a trusted CA, and the certificate names the host connected to ({@code verify-full}). */
        FULL
    }

    private final Verification verification;
    private final SslContext context;

    private ClientTls(Verification verification, SslContext context) {
        this.verification = verification;
        this.context = context;
    }

    /**
     * TLS that checks the server as {@code verification} says, trusting the CA certificates of the
     * PEM file {@code trustedCas}, or the JVM's trust store when it is null ({@link Verification#NONE}
     * trusts everyone and ignores it). Fails with {@link ErrorCode#INVALID_REQUEST} naming the file
     * if it cannot be read or holds no certificate.
     */
    public static ClientTls create(Verification verification, Path trustedCas) {
        Objects.requireNonNull(verification, "verification");
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(ServerTls.PROTOCOLS);
        if (verification == Verification.NONE) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else {
            if (trustedCas != null) {
                checkPem(trustedCas);
                builder.trustManager(trustedCas.toFile());
            }
            if (verification == Verification.FULL) {
                builder.endpointIdentificationAlgorithm(HOST_NAME_CHECK);
            }
        }
        try {
            return new ClientTls(verification, builder.build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "cannot set up TLS"
                    + (trustedCas == null ? "" : " with the CA certificates of " + trustedCas) + ": " + RpcProtocol.describe(e));
        }
    }

    public Verification verification() {
        return verification;
    }

    /** A handler for a new connection to {@code target}: its host is the name checked against the certificate. */
    SslHandler newHandler(ByteBufAllocator alloc, HostPort target) {
        SslHandler handler = context.newHandler(alloc, target.host(), target.port());
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        return handler;
    }

    @Override
    public String toString() {
        return "ClientTls[" + verification + "]";
    }

    private static void checkPem(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > PEM_FILE_BYTES_MAX) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "CA certificate file " + file + " has " + size
                        + " bytes; at most " + PEM_FILE_BYTES_MAX + " are read");
            }
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "cannot read CA certificate file " + file + ": "
                    + ServerTls.describe(e));
        }
        if (!text.contains(PEM_CERTIFICATE)) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "CA certificate file " + file + " holds no PEM certificate (\""
                    + PEM_CERTIFICATE + "\")");
        }
    }
}
