package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * A server's TLS: its certificate chain and private key, read once from PEM files, and the Netty
 * {@code SslContext} made from them. An {@link RpcServer} started with one accepts TLS <b>and</b>
 * plaintext connections on the same port: it looks at the first five bytes a client sends, and a
 * TLS record header (a handshake record, type 22) gets a TLS handler in front of the framing, while
 * anything else (a Basalt HELLO frame starts with a zero byte) goes on as plaintext. Netty's
 * {@link OptionalSslHandler} makes that choice. Nodes still talk to each other in plaintext on that
 * port; which connections must be encrypted is the client's decision ({@code sslmode}).
 *
 * <p>Only TLS 1.3 and 1.2 are offered ({@link #PROTOCOLS}); the JDK's provider does the work, so
 * no native library or BouncyCastle is needed. The key must be an unencrypted PKCS#8 PEM key
 * ({@code BEGIN PRIVATE KEY}); an RSA key in the older PKCS#1 form ({@code BEGIN RSA PRIVATE KEY})
 * or an encrypted one is refused with the {@code openssl} command that converts it. Every failure is
 * a {@link BasaltException} with {@link ErrorCode#INVALID_REQUEST} that names the file.
 */
public final class ServerTls {
    /** What a node and the driver offer: TLS 1.3 and 1.2, nothing older. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** A TLS handshake the client starts must finish within this, or the server closes the connection. */
    static final long HANDSHAKE_TIMEOUT_MS = 10_000;

    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final String PEM_PKCS8_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_PKCS1_RSA_KEY = "-----BEGIN RSA PRIVATE KEY-----";
    private static final String PEM_ENCRYPTED_KEY = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    /** A PEM file larger than this is not a certificate chain or a key; it is not read further. */
    private static final long PEM_FILE_BYTES_MAX = 1 << 20;

    private final SslContext context;
    private final Path certificateChain;

    private ServerTls(SslContext context, Path certificateChain) {
        this.context = context;
        this.certificateChain = certificateChain;
    }

    /**
     * Reads the PEM certificate chain (the node's certificate first) and its PKCS#8 private key.
     * Fails with {@link ErrorCode#INVALID_REQUEST} naming the file that cannot be read or used.
     */
    public static ServerTls fromPem(Path certificateChain, Path privateKey) {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        String certificateText = readPem("certificate", certificateChain);
        if (!certificateText.contains(PEM_CERTIFICATE)) {
            throw invalid("TLS certificate file " + certificateChain + " holds no PEM certificate (\"" + PEM_CERTIFICATE + "\")");
        }
        String keyText = readPem("private key", privateKey);
        if (keyText.contains(PEM_PKCS1_RSA_KEY)) {
            throw invalid("TLS private key file " + privateKey + " is an RSA key in PKCS#1 form (\"" + PEM_PKCS1_RSA_KEY
                    + "\"); Basalt reads PKCS#8 keys. Convert it with: openssl pkcs8 -topk8 -nocrypt -in " + privateKey
                    + " -out key.pem");
        }
        if (keyText.contains(PEM_ENCRYPTED_KEY)) {
            throw invalid("TLS private key file " + privateKey + " is encrypted; Basalt reads unencrypted PKCS#8 keys. "
                    + "Decrypt it with: openssl pkcs8 -topk8 -nocrypt -in " + privateKey + " -out key.pem");
        }
        if (!keyText.contains(PEM_PKCS8_KEY)) {
            throw invalid("TLS private key file " + privateKey + " holds no PKCS#8 PEM key (\"" + PEM_PKCS8_KEY + "\")");
        }
        SslContext context;
        try {
            context = SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            // Netty's messages name the file it could not use ("File does not contain valid certificates: ...").
            throw invalid("cannot use TLS certificate " + certificateChain + " with key " + privateKey + ": "
                    + RpcProtocol.describe(e.getCause() != null && e.getMessage() == null ? e.getCause() : e));
        }
        return new ServerTls(context, certificateChain);
    }

    /** Puts the TLS-or-plaintext detector first in a new connection's pipeline. */
    void install(ChannelPipeline pipeline) {
        pipeline.addFirst("tls-detect", new Detector(context));
    }

    @Override
    public String toString() {
        return "TLS with certificate " + certificateChain;
    }

    private static String readPem(String what, Path file) {
        try {
            long size = Files.size(file);
            if (size > PEM_FILE_BYTES_MAX) {
                throw invalid("TLS " + what + " file " + file + " has " + size + " bytes; a PEM " + what + " has at most "
                        + PEM_FILE_BYTES_MAX);
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw invalid("cannot read TLS " + what + " file " + file + ": " + describe(e));
        }
    }

    /** Why a file could not be read, in words: the JDK's exceptions for a missing file carry only its name. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return RpcProtocol.describe(e);
    }

    private static BasaltException invalid(String message) {
        return new BasaltException(ErrorCode.INVALID_REQUEST, message);
    }

    /** Netty's detector, with the handshake bounded by {@link #HANDSHAKE_TIMEOUT_MS}. */
    private static final class Detector extends OptionalSslHandler {
        Detector(SslContext context) {
            super(context);
        }

        @Override
        protected String newSslHandlerName() {
            return "tls";
        }

        @Override
        protected SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext context) {
            SslHandler handler = super.newSslHandler(ctx, context);
            handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
            return handler;
        }
    }
}
