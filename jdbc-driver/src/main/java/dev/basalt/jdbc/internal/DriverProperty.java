package dev.basalt.jdbc.internal;

import java.sql.DriverPropertyInfo;
import java.util.Properties;

/**
 * The connection properties the driver itself understands, with their defaults. Any other
 * property is passed to the server in CONNECT (for example {@code applicationName}).
 */
public enum DriverProperty {
    USER("user", null, "The database user."),
    PASSWORD("password", null, "The user's password."),
    CONNECT_TIMEOUT("connectTimeout", Integer.toString(DriverProperty.CONNECT_TIMEOUT_SECONDS_DEFAULT),
            "Seconds to wait for each host to answer CONNECT (0 means the default, "
                    + DriverProperty.CONNECT_TIMEOUT_SECONDS_DEFAULT + ")."),
    DEFAULT_ROW_FETCH_SIZE("defaultRowFetchSize", "0",
            "Rows per page for statements that do not set a fetch size; 0 lets the server choose the first page"
                    + " and fetches further pages of " + BasaltResultSet.FETCH_ROWS_DEFAULT + " rows."),
    SSLMODE("sslmode", "disable",
            "TLS: disable (plaintext), require (encrypted, the certificate not checked), verify-ca (the certificate's chain"
                    + " checked against sslrootcert) or verify-full (also the host name against the certificate)."),
    SSL("ssl", "false", "true means sslmode=verify-full, false sslmode=disable, when sslmode is not given (as in pgJDBC)."),
    SSLROOTCERT("sslrootcert", null,
            "PEM file of the CA certificates that verify-ca and verify-full trust; default: the JVM's trust store.");

    /** connectTimeout is in seconds, bounded so that a typo cannot make a connect wait for days. */
    static final int CONNECT_TIMEOUT_SECONDS_DEFAULT = 10;
    static final int CONNECT_TIMEOUT_SECONDS_MAX = 3_600;

    private final String key;
    private final String defaultValue;
    private final String description;

    DriverProperty(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The value in {@code properties}, or the default. */
    String get(Properties properties) {
        return properties.getProperty(key, defaultValue);
    }

    /** An integer property within [min, max]; anything else is an 08001 naming the property. */
    int getInt(Properties properties, int min, int max) throws java.sql.SQLException {
        String text = get(properties);
        try {
            int v = Integer.parseInt(text.strip());
            if (v < min || v > max) {
                throw Errors.driver(SqlStates.CONNECTION_REJECTED,
                        "connection property " + key + "=" + text + " is outside [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw Errors.driver(SqlStates.CONNECTION_REJECTED,
                    "connection property " + key + "=" + text + " is not an integer", e);
        }
    }

    /** Whether {@code name} is one of the driver's own properties (case-sensitive, as Properties is). */
    static boolean isDriverProperty(String name) {
        for (DriverProperty p : values()) {
            if (p.key.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** For Driver.getPropertyInfo: each property with the value it has now. */
    static DriverPropertyInfo[] info(Properties properties) {
        DriverProperty[] all = values();
        DriverPropertyInfo[] info = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            DriverProperty p = all[i];
            DriverPropertyInfo pi = new DriverPropertyInfo(p.key, p == PASSWORD ? null : p.get(properties));
            pi.description = p.description;
            pi.required = false;
            info[i] = pi;
        }
        return info;
    }
}
