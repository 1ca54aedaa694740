package dev.basalt.server.check.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON subset history files use, one value per line: objects, arrays, strings (with every
 * JSON escape), integers that fit a {@code long}, {@code true}, {@code false}, {@code null}.
 * Fractions and exponents are rejected, since nothing in a history needs them.
 *
 * <p>Parsed objects and arrays remember the column where each member starts, so a value that
 * parses but means nothing (a missing field, a string where a number belongs) is reported at its
 * exact place. Scalars are plain Java values: {@code String}, {@code Long}, {@code Boolean}, null.
 */
final class Json {
    /** Nesting deeper than this is no history line; bounds the parser's recursion. */
    static final int DEPTH_MAX = 32;

    /** A parsed object: members in file order, each with the column its value starts at. */
    record Obj(Map<String, Object> members, Map<String, Integer> columns, int column) {}

    /** A parsed array: items in order, each with the column it starts at. */
    record Arr(List<Object> items, List<Integer> columns, int column) {}

    private final String text;
    private final int line;
    private int pos;

    private Json(String text, int line) {
        this.text = text;
        this.line = line;
    }

    /** Parses one whole line holding exactly one value; {@code line} is for error messages. */
    static Object parse(String text, int line) throws MalformedHistoryException {
        Json parser = new Json(text, line);
        parser.skipSpace();
        Object value = parser.value(0);
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "' after the value");
        }
        return value;
    }

    private Object value(int depth) throws MalformedHistoryException {
        if (depth > DEPTH_MAX) {
            throw error("nesting deeper than " + DEPTH_MAX);
        }
        if (pos >= text.length()) {
            throw error("unexpected end of line, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield integer();
                }
                throw error("unexpected '" + c + "', expected a value");
            }
        };
    }

    private Obj object(int depth) throws MalformedHistoryException {
        int column = column();
        pos++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        Map<String, Integer> columns = new HashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new Obj(members, columns, column);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes");
            }
            int nameColumn = column();
            String name = string();
            if (members.containsKey(name)) {
                throw new MalformedHistoryException(line, nameColumn, "duplicate member \"" + name + "\"");
            }
            skipSpace();
            expect(':');
            skipSpace();
            columns.put(name, column());
            members.put(name, value(depth + 1));
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') {
                return new Obj(members, columns, column);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private Arr array(int depth) throws MalformedHistoryException {
        int column = column();
        pos++; // '['
        List<Object> items = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new Arr(items, columns, column);
        }
        while (true) {
            skipSpace();
            columns.add(column());
            items.add(value(depth + 1));
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return new Arr(items, columns, column);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() throws MalformedHistoryException {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string must be escaped");
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char escaped = text.charAt(pos);
            switch (escaped) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 >= text.length()) {
                        throw error("\\u needs four hex digits");
                    }
                    int code = 0;
                    for (int i = 1; i <= 4; i++) {
                        int digit = Character.digit(text.charAt(pos + i), 16);
                        if (digit < 0) {
                            pos += i;
                            throw error("\\u needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    pos += 4;
                }
                default -> throw error("unknown escape \\" + escaped);
            }
            pos++;
        }
    }

    private Long integer() throws MalformedHistoryException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == digitsStart) {
            throw error("expected a digit");
        }
        if (text.charAt(digitsStart) == '0' && pos - digitsStart > 1) {
            pos = digitsStart;
            throw error("leading zero in a number");
        }
        char next = peek();
        if (next == '.' || next == 'e' || next == 'E') {
            throw error("only integers are supported, found '" + next + "'");
        }
        try {
            return Long.parseLong(text, start, pos, 10);
        } catch (NumberFormatException e) {
            String digits = text.substring(start, pos);
            pos = start;
            throw error("integer " + digits + " does not fit a long");
        }
    }

    private Object literal(String word, Object value) throws MalformedHistoryException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected '" + text.charAt(pos) + "', expected a value");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws MalformedHistoryException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The next character, or NUL at the end of the line (NUL is never valid JSON there). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private int column() {
        return pos + 1;
    }

    private MalformedHistoryException error(String problem) {
        return new MalformedHistoryException(line, column(), problem);
    }

    /** Appends {@code s} as a JSON string, escaping quotes, backslashes and control characters. */
    static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
