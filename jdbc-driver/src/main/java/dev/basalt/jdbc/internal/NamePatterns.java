package dev.basalt.jdbc.internal;

/**
 * DatabaseMetaData's name arguments as SQL {@code LIKE} patterns with the escape character
 * {@code \} (the search-string escape the driver reports), for the queries over
 * {@code information_schema}.
 *
 * <ul>
 *   <li>A <b>pattern</b> argument ({@code tableNamePattern}, ...): {@code %} matches any run of
 *       characters, {@code _} any one, and {@code \} makes the next character literal, so
 *       {@code ORDER\_LINE} matches ORDER_LINE and not ORDERXLINE. A {@code \} before another
 *       character stands for that character and a trailing one for itself (PostgreSQL's reading),
 *       so every pattern is valid.</li>
 *   <li>A <b>name</b> argument ({@code table} of getPrimaryKeys, getIndexInfo, ...): matched
 *       exactly, except that {@code "%"} means every name — SQL clients pass it when they read
 *       the keys or indexes of a whole schema at once.</li>
 *   <li>For both, {@code null} and {@code ""} mean any name, as pgJDBC reads them.</li>
 * </ul>
 */
final class NamePatterns {
    static final char ESCAPE = '\\';
    /** The LIKE pattern that matches every name. */
    static final String ANY = "%";

    private NamePatterns() {
    }

    /** The LIKE pattern for a JDBC pattern argument. */
    static String pattern(String jdbcPattern) {
        if (jdbcPattern == null || jdbcPattern.isEmpty()) {
            return ANY;
        }
        StringBuilder like = new StringBuilder(jdbcPattern.length() + 4);
        for (int i = 0; i < jdbcPattern.length(); i++) {
            char c = jdbcPattern.charAt(i);
            if (c != ESCAPE) {
                like.append(c);
            } else if (i + 1 == jdbcPattern.length()) {
                like.append(ESCAPE).append(ESCAPE);
            } else {
                char next = jdbcPattern.charAt(++i);
                if (next == '%' || next == '_' || next == ESCAPE) {
                    like.append(ESCAPE);
                }
                like.append(next);
            }
        }
        return like.toString();
    }

    /** The LIKE pattern for a JDBC name argument: exactly that name. */
    static String name(String name) {
        if (name == null || name.isEmpty() || name.equals(ANY)) {
            return ANY;
        }
        StringBuilder like = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' || c == '_' || c == ESCAPE) {
                like.append(ESCAPE);
            }
            like.append(c);
        }
        return like.toString();
    }
}
