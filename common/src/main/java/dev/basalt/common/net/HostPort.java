package dev.basalt.common.net;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A network address as written in configuration: {@code host:port}, for example
 * {@code 127.0.0.1:7001}. An IPv6 literal goes in brackets, {@code [::1]:7001}. Port 0 is allowed
 * because a server asked to listen on it binds an ephemeral port ({@link RpcServer#address()} tells
 * which); nothing can be called on port 0.
 *
 * <p>Bad input fails with {@link ErrorCode#INVALID_REQUEST} and a message quoting the text:
 * {@code address "db1:70000" is not host:port: port 70000 is outside [0, 65535]}.
 */
public record HostPort(String host, int port) {
    public static final int PORT_MAX = 65_535;
    /** Characters that never belong in a host name or IP literal; they hint at a typo or a URL. */
    private static final String HOST_CHARS_FORBIDDEN = ",/[]@?#";

    public HostPort {
        if (host == null) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "host is missing (port " + port + ")");
        }
        String problem = hostProblem(host);
        if (problem != null) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "host \"" + host + "\" " + problem);
        }
        if (port < 0 || port > PORT_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST,
                    "port " + port + " of host " + host + " is outside [0, " + PORT_MAX + "]");
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}; surrounding whitespace is ignored. */
    public static HostPort parse(String text) {
        if (text == null) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST,
                    "address is missing: expected host:port, for example 127.0.0.1:7001");
        }
        String trimmed = text.strip();
        String host;
        String portText;
        if (trimmed.startsWith("[")) {
            int bracket = trimmed.indexOf(']');
            if (bracket < 0 || bracket + 1 >= trimmed.length() || trimmed.charAt(bracket + 1) != ':') {
                throw notHostPort(text, "an IPv6 address is written [address]:port");
            }
            host = trimmed.substring(1, bracket);
            portText = trimmed.substring(bracket + 2);
        } else {
            int colon = trimmed.lastIndexOf(':');
            if (colon < 0) {
                throw notHostPort(text, "the port is missing");
            }
            host = trimmed.substring(0, colon);
            portText = trimmed.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw notHostPort(text, "an IPv6 address is written in brackets, [address]:port");
            }
        }
        String problem = hostProblem(host);
        if (problem != null) {
            throw notHostPort(text, "the host " + problem);
        }
        return new HostPort(host, parsePort(text, portText));
    }

    /**
     * Parses a comma-separated list such as {@code 10.0.0.1:7001,10.0.0.2:7001}. An empty or blank
     * text is an empty list (a node with no peers); an empty entry or an address named twice is an
     * error.
     */
    public static List<HostPort> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        Set<HostPort> addresses = new LinkedHashSet<>();
        for (String entry : commaSeparated.split(",", -1)) {
            if (entry.isBlank()) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST,
                        "address list \"" + commaSeparated + "\" has an empty entry");
            }
            HostPort address = parse(entry);
            if (!addresses.add(address)) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST,
                        "address list \"" + commaSeparated + "\" names " + address + " twice");
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * The socket address to connect or bind to. A host name is looked up now, on the calling thread;
     * an IP literal needs no lookup. A name that cannot be resolved gives an unresolved address,
     * which fails when used.
     */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static int parsePort(String text, String portText) {
        if (portText.isEmpty()) {
            throw notHostPort(text, "the port is missing");
        }
        if (!portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw notHostPort(text, "port \"" + portText + "\" is not a number");
        }
        // The length check comes first so that a long digit string cannot overflow parseInt.
        if (portText.length() > 5 || Integer.parseInt(portText) > PORT_MAX) {
            throw notHostPort(text, "port " + portText + " is outside [0, " + PORT_MAX + "]");
        }
        return Integer.parseInt(portText);
    }

    /** Why {@code host} cannot be a host name or IP literal, or null if it can. */
    private static String hostProblem(String host) {
        if (host.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == 0x7F || Character.isWhitespace(c)) {
                return "contains whitespace or a control character";
            }
            if (HOST_CHARS_FORBIDDEN.indexOf(c) >= 0) {
                return "contains '" + c + "'";
            }
        }
        return null;
    }

    private static BasaltException notHostPort(String text, String why) {
        return new BasaltException(ErrorCode.INVALID_REQUEST, "address \"" + text + "\" is not host:port: " + why);
    }
}
