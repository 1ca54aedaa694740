package dev.basalt.jdbc.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.net.ClientTls;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * Whether a connection uses TLS and what it checks of the node's certificate: pgJDBC's
 * {@code sslmode}, {@code ssl} and {@code sslrootcert} properties, with the same meanings.
 *
 * <pre>
 *   sslmode       encrypted   certificate chain checked   host name checked (against its SAN)
 *   disable       no          -                           -                     (the default)
 *   require       yes         no                          no
 *   verify-ca     yes         yes                         no
 *   verify-full   yes         yes                         yes
 * </pre>
 *
 * {@code ssl=true} (or {@code ssl} without a value) means {@code verify-full} and {@code ssl=false}
 * {@code disable}, when {@code sslmode} is not given; {@code sslmode} wins over {@code ssl}.
 * {@code sslrootcert} is a PEM file of the CA certificates to trust; without it the JVM's trust
 * store is used ({@code require} ignores it). pgJDBC's {@code allow} and {@code prefer} are not
 * offered: a connection is encrypted or not as the application said, never as the node decides.
 * A value that is none of these is an 08001 naming the property and the value.
 */
enum SslMode {
    DISABLE("disable"),
    REQUIRE("require"),
    VERIFY_CA("verify-ca"),
    VERIFY_FULL("verify-full");

    private final String key;

    SslMode(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    /** The mode that {@code sslmode} and {@code ssl} in {@code properties} ask for. */
    static SslMode of(Properties properties) throws SQLException {
        String mode = properties.getProperty(DriverProperty.SSLMODE.key());
        if (mode != null) {
            String wanted = mode.strip().toLowerCase(Locale.ROOT);
            for (SslMode m : values()) {
                if (m.key.equals(wanted)) {
                    return m;
                }
            }
            throw Errors.driver(SqlStates.CONNECTION_REJECTED, "connection property sslmode=" + mode
                    + " is not one of disable, require, verify-ca, verify-full (allow and prefer are not supported)");
        }
        String ssl = properties.getProperty(DriverProperty.SSL.key());
        if (ssl == null) {
            return DISABLE;
        }
        return switch (ssl.strip().toLowerCase(Locale.ROOT)) {
            case "", "true" -> VERIFY_FULL;
            case "false" -> DISABLE;
            default -> throw Errors.driver(SqlStates.CONNECTION_REJECTED, "connection property ssl=" + ssl
                    + " is neither true nor false");
        };
    }

    /**
     * The transport's TLS for this mode, trusting the CA file {@code sslrootcert} in
     * {@code properties} (or the JVM's trust store); null for {@link #DISABLE}. A CA file that
     * cannot be read or holds no certificate is an 08001 naming it.
     */
    ClientTls clientTls(Properties properties) throws SQLException {
        if (this == DISABLE) {
            return null;
        }
        String rootCert = properties.getProperty(DriverProperty.SSLROOTCERT.key());
        Path trusted = null;
        if (this != REQUIRE && rootCert != null && !rootCert.isBlank()) {
            try {
                trusted = Path.of(rootCert.strip());
            } catch (InvalidPathException e) {
                throw Errors.driver(SqlStates.CONNECTION_REJECTED, "connection property sslrootcert=" + rootCert
                        + " is not a file name: " + e.getMessage(), e);
            }
        }
        ClientTls.Verification verification = switch (this) {
            case REQUIRE -> ClientTls.Verification.NONE;
            case VERIFY_CA -> ClientTls.Verification.CA;
            default -> ClientTls.Verification.FULL;
        };
        try {
            return ClientTls.create(verification, trusted);
        } catch (BasaltException e) {
            throw Errors.driver(SqlStates.CONNECTION_REJECTED, "sslmode=" + key + ": " + e.getMessage(), e);
        }
    }
}
