package dev.basalt.server.sql;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Runs a {@link GoldenScript} through a JDBC connection and lists every record whose outcome differs. */
final class GoldenRunner {
    /** Failures reported per file at most (the rest are counted). */
    static final int FAILURES_SHOWN_MAX = 25;

    private GoldenRunner() {
    }

    /** Runs every record; returns a description of each mismatch (empty when the file passes). */
    static List<String> run(GoldenScript script, Connection connection) {
        List<String> failures = new ArrayList<>();
        for (GoldenScript.Record r : script.records()) {
            String where = script.file().getFileName() + ":" + r.line();
            try (Statement s = connection.createStatement()) {
                if (r instanceof GoldenScript.Statement st) {
                    try {
                        s.execute(st.sql());
                        if (st.errorState() != null) {
                            failures.add(where + ": expected error " + st.errorState() + " but the statement succeeded: " + st.sql());
                        }
                    } catch (SQLException e) {
                        if (st.errorState() == null) {
                            failures.add(where + ": unexpected error " + e.getSQLState() + " " + e.getMessage() + " for: " + st.sql());
                        } else if (!st.errorState().equals(e.getSQLState())) {
                            failures.add(where + ": expected error " + st.errorState() + " but got " + e.getSQLState() + " " + e.getMessage());
                        } else if (st.errorText() != null && !e.getMessage().toLowerCase(Locale.ROOT).contains(st.errorText().toLowerCase(Locale.ROOT))) {
                            failures.add(where + ": error " + e.getSQLState() + " message \"" + e.getMessage() + "\" does not contain \""
                                    + st.errorText() + "\"");
                        }
                    }
                } else {
                    GoldenScript.Query q = (GoldenScript.Query) r;
                    List<String> actual = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery(q.sql())) {
                        int columns = rs.getMetaData().getColumnCount();
                        if (columns != q.types().length()) {
                            failures.add(where + ": query returns " + columns + " columns, the file says " + q.types().length());
                            continue;
                        }
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder();
                            for (int c = 1; c <= columns; c++) {
                                row.append(c > 1 ? " " : "").append(render(rs, c, q.types().charAt(c - 1)));
                            }
                            actual.add(row.toString());
                        }
                    }
                    List<String> expected = new ArrayList<>(q.expected());
                    if (q.rowsort()) {
                        Collections.sort(actual);
                        Collections.sort(expected);
                    }
                    if (!actual.equals(expected)) {
                        failures.add(where + ": " + q.sql().replace('\n', ' ') + "\n    expected " + expected + "\n    actual   " + actual);
                    }
                }
            } catch (SQLException e) {
                failures.add(where + ": unexpected error " + e.getSQLState() + " " + e.getMessage() + " for: " + r.sql());
            }
        }
        return failures;
    }

    private static String render(ResultSet rs, int column, char type) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case 'I' -> String.valueOf(rs.getLong(column));
            case 'R' -> String.format(Locale.ROOT, "%.3f", rs.getDouble(column));
            case 'N' -> rs.getBigDecimal(column) == null ? "NULL" : rs.getBigDecimal(column).toPlainString();
            case 'B' -> String.valueOf(rs.getBoolean(column));
            default -> {
                String s = value instanceof BigDecimal d ? d.toPlainString() : rs.getString(column);
                yield s.isEmpty() ? "(empty)" : s;
            }
        };
    }
}
