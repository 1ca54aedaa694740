package dev.basalt.jdbc.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.net.HostPort;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * A parsed {@code jdbc:basalt://host:port[,host:port...][/database][?key=value&...]} URL.
 *
 * <ul>
 *   <li>Hosts are tried in the order written. Each is {@code host:port} or {@code [ipv6]:port};
 *       the port is required (Basalt has no well-known port) and a host may not appear twice.
 *   <li>The database is optional; {@code /} alone is no database.
 *   <li>Query keys and values, and the database, are percent-decoded as UTF-8 ({@code %2B} is
 *       {@code +}); a {@code +} stays a plus, so a password needs no escaping beyond {@code %},
 *       {@code &} and {@code =}. A key without {@code =} has the empty value.
 *   <li><b>A property in the URL wins over the same property in the {@code Properties}</b> passed
 *       to {@code connect}, as in pgJDBC.
 * </ul>
 *
 * Every malformed URL is an SQLException 08001 that quotes the URL's problem (never the password).
 */
public record ConnectionUrl(List<HostPort> hosts, String database, Properties urlProperties) {
    public static final String PREFIX = "jdbc:basalt://";
    /** The embedded forms ({@link EmbeddedUrl}): a node started in this JVM by the server artifact. */
    public static final String EMBEDDED_MEM_PREFIX = "jdbc:basalt:mem:";
    public static final String EMBEDDED_FILE_PREFIX = "jdbc:basalt:file:";
    private static final int HEX_RADIX = 16;

    public ConnectionUrl {
        hosts = List.copyOf(hosts);
        Properties copy = new Properties();
        copy.putAll(urlProperties);
        urlProperties = copy;
    }

    /** A copy: the record's own properties cannot be changed. */
    @Override
    public Properties urlProperties() {
        Properties copy = new Properties();
        copy.putAll(urlProperties);
        return copy;
    }

    /** Whether the URL is one this driver answers: the network form or an embedded form. */
    public static boolean accepts(String url) {
        return url != null && (url.startsWith(PREFIX) || isEmbedded(url));
    }

    public static boolean isEmbedded(String url) {
        return url.startsWith(EMBEDDED_MEM_PREFIX) || url.startsWith(EMBEDDED_FILE_PREFIX);
    }

    public static ConnectionUrl parse(String url) throws SQLException {
        if (url == null || !url.startsWith(PREFIX)) {
            throw bad(url, "it does not start with " + PREFIX);
        }
        String rest = url.substring(PREFIX.length());
        int question = rest.indexOf('?');
        String query = question < 0 ? "" : rest.substring(question + 1);
        String path = question < 0 ? rest : rest.substring(0, question);
        int slash = path.indexOf('/');
        String authority = slash < 0 ? path : path.substring(0, slash);
        String databaseText = slash < 0 ? "" : path.substring(slash + 1);
        if (authority.isBlank()) {
            throw bad(url, "no host is named; write jdbc:basalt://host:port/database");
        }
        List<HostPort> hosts;
        try {
            hosts = HostPort.parseList(authority);
        } catch (BasaltException e) {
            throw bad(url, e.getMessage());
        }
        for (HostPort host : hosts) {
            if (host.port() == 0) {
                throw bad(url, "host " + host + " has port 0");
            }
        }
        String database = databaseText.isEmpty() ? null : decode(url, databaseText);
        if (database != null && database.indexOf('/') >= 0) {
            throw bad(url, "the database name \"" + database + "\" contains '/'");
        }
        return new ConnectionUrl(hosts, database, parseQuery(url, query));
    }

    /** The {@code key=value&...} pairs of a URL's query, percent-decoded; shared with the embedded forms. */
    static Properties parseQuery(String url, String query) throws SQLException {
        Properties properties = new Properties();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(url, eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(url, pair.substring(eq + 1));
            if (key.isEmpty()) {
                throw bad(url, "a query parameter has no name");
            }
            properties.setProperty(key, value);
        }
        return properties;
    }

    /** {@code info} with this URL's properties laid over it: the URL wins. */
    public Properties merge(Properties info) {
        return merge(info, urlProperties);
    }

    /** {@code info} with {@code urlProperties} laid over it: the URL wins. */
    static Properties merge(Properties info, Properties urlProperties) {
        Properties merged = new Properties();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                merged.setProperty(name, info.getProperty(name));
            }
        }
        for (String name : urlProperties.stringPropertyNames()) {
            merged.setProperty(name, urlProperties.getProperty(name));
        }
        return merged;
    }

    static String decode(String url, String text) throws SQLException {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), HEX_RADIX) : -1;
                int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), HEX_RADIX) : -1;
                if (hi < 0 || lo < 0) {
                    throw bad(url, "a '%' in the URL is not followed by two hex digits");
                }
                bytes.write(hi * HEX_RADIX + lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static SQLException bad(String url, String why) {
        return Errors.driver(SqlStates.CONNECTION_REJECTED, "bad URL " + redact(url) + ": " + why);
    }

    /** The URL without its query string, which may hold a password. */
    static String redact(String url) {
        if (url == null) {
            return "null";
        }
        int question = url.indexOf('?');
        return "\"" + (question < 0 ? url : url.substring(0, question) + "?...") + "\"";
    }
}
