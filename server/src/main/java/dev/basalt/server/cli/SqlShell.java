package dev.basalt.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code basalt sql}: SQL through the JDBC driver, from the command line. With {@code -e SQL} or
 * {@code -f FILE} it runs the statements (separated by {@code ;}) and stops at the first error
 * with exit status 1; otherwise it is an interactive shell (JLine: line editing, history in
 * {@code ~/.basalt_history}, statements over several lines until a {@code ;}). Results print as
 * aligned tables with the row count and the time taken; errors as
 * {@code ERROR: message (SQLSTATE xxxxx)}. Meta-commands (also in scripts, ended by {@code ;}):
 * {@code \q} quits, {@code \timing} toggles the time line, {@code \d} lists tables and views,
 * {@code \d NAME} describes one ({@link Describe}), {@code \di} lists indexes, {@code \?} lists them.
 */
final class SqlShell {
    /** Rows printed per result at most (the rest are counted). */
    static final int ROWS_SHOWN_MAX = 10_000;
    /** A value wider than this is cut in the table. */
    static final int CELL_CHARS_MAX = 80;
    /** The one column of an EXPLAIN's result. */
    static final String PLAN_COLUMN = "QUERY PLAN";

    private final String url;
    private final PrintStream out;
    private boolean timing = true;

    SqlShell(String url, PrintStream out) {
        this.url = url;
        this.out = out;
    }

    /** Runs a script; returns the exit status (0: every statement succeeded). */
    int runScript(String script) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            for (String sql : split(script)) {
                boolean ok = sql.startsWith("\\") ? metaCommand(c, sql) != MetaResult.FAILED : execute(c, sql);
                if (!ok) {
                    return 1;
                }
            }
            return 0;
        }
    }

    int runFile(Path file) throws SQLException, IOException {
        return runScript(Files.readString(file));
    }

    /** The interactive shell; returns when the user quits (\q or end of input). */
    int interactive() throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url); Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".basalt_history"))
                    .build();
            out.println("basalt sql: connected to " + c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion() + " at " + c.getMetaData().getURL()
                    + "; end statements with ;  \\? for help");
            StringBuilder pending = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(pending.length() == 0 ? "basalt> " : "     -> ");
                } catch (UserInterruptException e) {
                    pending.setLength(0); // Ctrl-C drops the statement being typed
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                String trimmed = line.strip();
                if (pending.length() == 0 && trimmed.startsWith("\\")) {
                    if (metaCommand(c, trimmed) == MetaResult.QUIT) {
                        return 0;
                    }
                    continue;
                }
                pending.append(line).append('\n');
                List<String> statements = split(pending.toString());
                if (!endsStatement(pending.toString())) {
                    continue;
                }
                pending.setLength(0);
                for (String sql : statements) {
                    execute(c, sql);
                }
            }
        }
    }

    /** What a backslash command did. */
    enum MetaResult { DONE, FAILED, QUIT }

    /** Handles a backslash command ({@code \d} and friends read the catalog through {@link Describe}). */
    private MetaResult metaCommand(Connection c, String command) {
        String[] words = command.strip().split("\\s+", 2);
        try {
            switch (words[0]) {
                case "\\q" -> {
                    return MetaResult.QUIT;
                }
                case "\\timing" -> {
                    timing = !timing;
                    out.println("Timing is " + (timing ? "on." : "off."));
                }
                case "\\d", "\\dt" -> {
                    Describe describe = new Describe(c.getMetaData());
                    return print(words.length > 1 && words[0].equals("\\d") ? describe.relation(words[1].strip()) : describe.relations());
                }
                case "\\di" -> {
                    return print(new Describe(c.getMetaData()).indexes());
                }
                case "\\?" -> out.println("\\q quit   \\timing toggle the time line   \\d list tables and views   \\d NAME describe one"
                        + "   \\di list indexes   \\? this help");
                default -> {
                    out.println("unknown command " + words[0] + "; \\? lists the commands");
                    return MetaResult.FAILED;
                }
            }
        } catch (SQLException e) {
            out.println("ERROR: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return MetaResult.FAILED;
        }
        return MetaResult.DONE;
    }

    private MetaResult print(Describe.Listing listing) {
        out.println(listing.title());
        if (!listing.found()) {
            return MetaResult.FAILED;
        }
        printRows(listing.header(), listing.rows(), listing.rows().size());
        listing.footer().forEach(out::println);
        return MetaResult.DONE;
    }

    /** Runs one statement and prints its outcome; false if it failed. */
    private boolean execute(Connection c, String sql) {
        long start = System.nanoTime();
        try (Statement s = c.createStatement()) {
            boolean rows = s.execute(sql);
            if (rows) {
                try (ResultSet rs = s.getResultSet()) {
                    printTable(rs);
                }
            } else {
                long count = s.getLargeUpdateCount();
                out.println(commandTag(sql, count));
            }
            if (timing) {
                out.printf("Time: %.3f ms%n", (System.nanoTime() - start) / 1e6);
            }
            return true;
        } catch (SQLException e) {
            out.println("ERROR: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return false;
        }
    }

    private void printTable(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = md.getColumnLabel(i + 1);
        }
        // An EXPLAIN's plan lines are shown whole, as psql shows them: the access path is at their end.
        int cellCharsMax = n == 1 && PLAN_COLUMN.equals(header[0]) ? Integer.MAX_VALUE : CELL_CHARS_MAX;
        long total = 0;
        while (rs.next()) {
            total++;
            if (rows.size() >= ROWS_SHOWN_MAX) {
                continue;
            }
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = rs.getString(i + 1);
                v = v == null ? "NULL" : v.length() > cellCharsMax ? v.substring(0, cellCharsMax - 3) + "..." : v;
                row[i] = v;
            }
            rows.add(row);
        }
        printRows(header, rows, total);
    }

    /** An aligned table of {@code rows} under {@code header}, then the row count ({@code total}: how many there were in all). */
    private void printRows(String[] header, List<String[]> rows, long total) {
        int n = header.length;
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = header[i].length();
            for (String[] row : rows) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        out.println(line(header, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i > 0 ? "-+-" : "").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (String[] row : rows) {
            out.println(line(row, width));
        }
        out.println("(" + total + (total == 1 ? " row)" : " rows)") + (total > rows.size() ? ", " + rows.size() + " shown" : ""));
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i > 0 ? " | " : "").append(String.format("%-" + Math.max(1, width[i]) + "s", cells[i]));
        }
        return b.toString().stripTrailing();
    }

    /** psql's command tag: INSERT 0 n, UPDATE n, DELETE n, or the statement's first words. */
    static String commandTag(String sql, long count) {
        String first = sql.strip().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
        return switch (first) {
            case "INSERT" -> "INSERT 0 " + count;
            case "UPDATE", "DELETE" -> first + " " + count;
            default -> {
                String[] words = sql.strip().split("\\s+");
                yield (words.length > 1 ? first + " " + words[1].toUpperCase(java.util.Locale.ROOT) : first);
            }
        };
    }

    /** Whether {@code text} ends with a {@code ;} that is outside quotes and comments. */
    static boolean endsStatement(String text) {
        List<String> parts = new ArrayList<>();
        return scan(text, parts);
    }

    /** The statements of {@code text}, split at {@code ;} outside quotes and comments; blanks dropped. */
    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        scan(text, parts);
        return parts;
    }

    /** Splits into {@code parts}; returns whether the text ended right after a terminating {@code ;}. */
    private static boolean scan(String text, List<String> parts) {
        StringBuilder current = new StringBuilder();
        boolean terminated = false;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = text.indexOf(ch, i + 1);
                while (end >= 0 && end + 1 < text.length() && text.charAt(end + 1) == ch) {
                    end = text.indexOf(ch, end + 2); // a doubled quote is a quote inside the literal
                }
                end = end < 0 ? text.length() : end + 1;
                current.append(text, i, end);
                i = end;
                terminated = false;
            } else if (ch == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (ch == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else if (ch == ';') {
                if (!current.toString().isBlank()) {
                    parts.add(current.toString().strip());
                }
                current.setLength(0);
                terminated = true;
                i++;
            } else {
                current.append(ch);
                if (!Character.isWhitespace(ch)) {
                    terminated = false;
                }
                i++;
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString().strip());
        }
        return terminated;
    }
}
