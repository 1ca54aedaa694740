package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.spi.EmbeddedLocation;
import dev.basalt.jdbc.spi.EmbeddedNodes;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A parsed embedded URL: {@code jdbc:basalt:mem:[NAME][?key=value&...]} or
 * {@code jdbc:basalt:file:PATH[?key=value&...]}.
 *
 * <ul>
 *   <li>A {@code mem:} name is at most {@link #NAME_CHARS_MAX} letters, digits, {@code _ . -};
 *       the empty name is a name like any other (every {@code jdbc:basalt:mem:} shares one node).
 *   <li>A {@code file:} path is percent-decoded and made absolute against the working directory,
 *       so {@code file:data} and {@code file:./data} name the same node.
 *   <li>The query is read as in {@link ConnectionUrl} and merged over the {@code Properties}
 *       given to {@code connect} (the URL wins). The node options among them
 *       ({@link EmbeddedNodes#OPTIONS}) go to the node; every other property goes to the
 *       connection as for a remote node.
 * </ul>
 *
 * Every malformed URL is an SQLException 08001 saying what is wrong.
 */
record EmbeddedUrl(EmbeddedLocation location, Properties urlProperties) {
    static final int NAME_CHARS_MAX = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{0," + NAME_CHARS_MAX + "}");

    EmbeddedUrl {
        Properties copy = new Properties();
        copy.putAll(urlProperties);
        urlProperties = copy;
    }

    static EmbeddedUrl parse(String url) throws SQLException {
        boolean mem = url.startsWith(ConnectionUrl.EMBEDDED_MEM_PREFIX);
        if (!mem && !url.startsWith(ConnectionUrl.EMBEDDED_FILE_PREFIX)) {
            throw ConnectionUrl.bad(url, "it does not start with " + ConnectionUrl.EMBEDDED_MEM_PREFIX + " or "
                    + ConnectionUrl.EMBEDDED_FILE_PREFIX);
        }
        String rest = url.substring((mem ? ConnectionUrl.EMBEDDED_MEM_PREFIX : ConnectionUrl.EMBEDDED_FILE_PREFIX).length());
        int question = rest.indexOf('?');
        String target = question < 0 ? rest : rest.substring(0, question);
        Properties query = ConnectionUrl.parseQuery(url, question < 0 ? "" : rest.substring(question + 1));
        return new EmbeddedUrl(mem ? memLocation(url, target) : fileLocation(url, target), query);
    }

    /** The node options among {@code properties} (keys of {@link EmbeddedNodes#OPTIONS}). */
    static Map<String, String> nodeOptions(Properties properties) {
        Map<String, String> options = new TreeMap<>();
        for (String key : EmbeddedNodes.OPTIONS) {
            String value = properties.getProperty(key);
            if (value != null) {
                options.put(key, value);
            }
        }
        return options;
    }

    /** {@code properties} without the node options: what the connection itself uses and sends with CONNECT. */
    static Properties withoutNodeOptions(Properties properties) {
        Properties rest = new Properties();
        for (String key : properties.stringPropertyNames()) {
            if (!EmbeddedNodes.OPTIONS.contains(key)) {
                rest.setProperty(key, properties.getProperty(key));
            }
        }
        return rest;
    }

    private static EmbeddedLocation memLocation(String url, String name) throws SQLException {
        if (!NAME.matcher(name).matches()) {
            throw ConnectionUrl.bad(url, "the in-memory node's name \"" + name + "\" is not up to " + NAME_CHARS_MAX
                    + " letters, digits, '_', '.' or '-'");
        }
        return new EmbeddedLocation(EmbeddedLocation.Kind.MEM, name);
    }

    private static EmbeddedLocation fileLocation(String url, String pathText) throws SQLException {
        String decoded = ConnectionUrl.decode(url, pathText);
        if (decoded.isBlank()) {
            throw ConnectionUrl.bad(url, "no directory is named; write " + ConnectionUrl.EMBEDDED_FILE_PREFIX + "/path/to/dir");
        }
        try {
            return new EmbeddedLocation(EmbeddedLocation.Kind.FILE, Path.of(decoded).toAbsolutePath().normalize().toString());
        } catch (InvalidPathException e) {
            throw ConnectionUrl.bad(url, "\"" + decoded + "\" is not a path: " + e.getReason());
        }
    }

    /** {@code info} with this URL's connection properties laid over it: the URL wins. */
    Properties merge(Properties info) {
        return ConnectionUrl.merge(info, urlProperties);
    }
}
