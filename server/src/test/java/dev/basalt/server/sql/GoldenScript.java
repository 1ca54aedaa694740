package dev.basalt.server.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A golden SQL file (sqllogictest style), as records separated by blank lines:
 * <pre>
 *   statement ok
 *   CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))
 *
 *   statement error 23505 duplicate key
 *   INSERT INTO t VALUES (1, 'a')
 *
 *   query IT rowsort
 *   SELECT id, name FROM t
 *   ----
 *   1 a
 * </pre>
 * {@code statement error} names the SQLState and optionally a piece of the message. A query's
 * types are one letter per column (I integer, T text, R real: three decimals, N decimal as plain
 * text, B boolean, D date/time as ISO text); {@code rowsort} sorts the rendered rows before
 * comparing, {@code nosort} (the default) compares in order. Each expected row is its values
 * separated by single spaces, leading blanks included (EXPLAIN indents its operators); NULL is
 * {@code NULL} and an empty string {@code (empty)}. Lines
 * starting with {@code #} are comments.
 */
record GoldenScript(Path file, List<Record> records) {
    sealed interface Record {
        int line();

        String sql();
    }

    record Statement(int line, String sql, String errorState, String errorText) implements Record {
    }

    record Query(int line, String sql, String types, boolean rowsort, List<String> expected) implements Record {
    }

    static GoldenScript read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Record> records = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                i++;
                continue;
            }
            int start = i + 1;
            String[] head = line.split("\\s+", 4);
            i++;
            StringBuilder sql = new StringBuilder();
            while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).strip().equals("----")) {
                sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(i));
                i++;
            }
            switch (head[0]) {
                case "statement" -> {
                    if (head.length >= 2 && head[1].equals("ok")) {
                        records.add(new Statement(start, sql.toString(), null, null));
                    } else if (head.length >= 3 && head[1].equals("error")) {
                        String text = line.split("\\s+", 4).length == 4 ? line.split("\\s+", 4)[3] : null;
                        records.add(new Statement(start, sql.toString(), head[2], text));
                    } else {
                        throw new IllegalArgumentException(file + ":" + start + ": expected 'statement ok' or 'statement error STATE'");
                    }
                }
                case "query" -> {
                    if (head.length < 2) {
                        throw new IllegalArgumentException(file + ":" + start + ": 'query' needs column types");
                    }
                    boolean rowsort = head.length >= 3 && head[2].equals("rowsort");
                    List<String> expected = new ArrayList<>();
                    if (i < lines.size() && lines.get(i).strip().equals("----")) {
                        i++;
                        while (i < lines.size() && !lines.get(i).isBlank()) {
                            expected.add(lines.get(i).stripTrailing()); // leading blanks count: EXPLAIN indents
                            i++;
                        }
                    }
                    records.add(new Query(start, sql.toString(), head[1], rowsort, expected));
                }
                default -> throw new IllegalArgumentException(file + ":" + start + ": unknown record '" + head[0] + "'");
            }
        }
        return new GoldenScript(file, records);
    }
}
