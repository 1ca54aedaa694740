package dev.basalt.server.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import picocli.CommandLine.Option;

/**
 * The {@code --user} and {@code --password} of the commands that connect through JDBC ({@code sql},
 * {@code bench sql}, {@code bank}): added to the JDBC URL as its {@code user} and {@code password}
 * properties, unless the URL already names them (the URL wins, as in the driver). Without either,
 * the URL is used as it is, which is right for a cluster without users.
 */
final class Credentials {
    /** Characters of a password {@code basalt init} makes up: letters and digits, about 143 bits. */
    static final int GENERATED_PASSWORD_CHARS = 24;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private Credentials() {
    }

    /** The options {@code --user} and {@code --password}, mixed into the commands that connect through JDBC. */
    static final class Options {
        @Option(names = "--user", paramLabel = "U", description = "user name, added to the JDBC URL unless it names one (default: none)")
        String user;

        @Option(names = "--password", paramLabel = "PW", description = "password, added to the JDBC URL unless it names one (default: none)")
        String password;

        /** {@code url} with these credentials added. */
        String apply(String url) {
            return Credentials.apply(url, user, password);
        }
    }

    static String apply(String url, String user, String password) {
        StringBuilder out = new StringBuilder(url);
        String query = url.indexOf('?') >= 0 ? url.substring(url.indexOf('?') + 1) : "";
        append(out, query, "user", user);
        append(out, query, "password", password);
        return out.toString();
    }

    private static void append(StringBuilder url, String query, String key, String value) {
        if (value == null || hasKey(query, key)) {
            return;
        }
        url.append(url.indexOf("?") >= 0 ? '&' : '?').append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static boolean hasKey(String query, String key) {
        for (String pair : query.split("&")) {
            if (pair.equals(key) || pair.startsWith(key + "=")) {
                return true;
            }
        }
        return false;
    }

    /** A strong random password for {@code basalt init} without {@code --password}. */
    static String generatePassword(SecureRandom random) {
        StringBuilder b = new StringBuilder(GENERATED_PASSWORD_CHARS);
        for (int i = 0; i < GENERATED_PASSWORD_CHARS; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
