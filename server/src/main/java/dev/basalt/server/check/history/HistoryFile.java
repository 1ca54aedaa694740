package dev.basalt.server.check.history;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Histories as JSON lines: a {@link Header} object, then one object per {@link Op}:
 * <pre>
 *   {"workload":"list-append","nemesis":"kill","nodes":5,"seed":7,"seconds":60,"extra":{}}
 *   {"index":0,"time":1200,"process":2,"type":"invoke","f":"txn","value":[["append",3,17],["r",4,null]],"error":null}
 *   {"index":1,"time":9100,"process":2,"type":"ok","f":"txn","value":[["append",3,17],["r",4,[1,2]]],"error":null}
 * </pre>
 * A value is recognised by its shape, so the file needs no type tags: an array of micro-ops is a
 * transaction; an object with members {@code id, from, to, amount} a {@link Transfer};
 * {@code balances} a {@link BankRead}; {@code balances, ledger} a {@link BankFinal};
 * {@code accounts, initial} a {@link BankSetup}; {@code key, value} a {@link RegisterOp}; a
 * string is a nemesis description. Map keys (accounts, transfer ids) are written as decimal
 * strings, as JSON requires.
 *
 * <p>Reading is strict: an unknown member, a missing one, or a value of no known shape is an
 * error naming its line and column ({@link MalformedHistoryException}). A truncated last line
 * (a tool killed mid-write) is therefore an error too, rather than a silently shorter history.
 */
public final class HistoryFile {
    /** What a history file holds. */
    public record Contents(Header header, List<Op> ops) {
        public Contents {
            ops = List.copyOf(ops);
        }

        /** The ops as a validated {@link History}. */
        public History history() {
            return History.of(ops);
        }
    }

    private static final Set<String> OP_MEMBERS = Set.of("index", "time", "process", "type", "f", "value", "error");
    private static final Set<String> HEADER_MEMBERS = Set.of("workload", "nemesis", "nodes", "seed", "seconds", "extra");
    private static final Set<String> TRANSFER_MEMBERS = Set.of("id", "from", "to", "amount");
    private static final Set<String> BANK_READ_MEMBERS = Set.of("balances");
    private static final Set<String> BANK_FINAL_MEMBERS = Set.of("balances", "ledger");
    private static final Set<String> BANK_SETUP_MEMBERS = Set.of("accounts", "initial");
    private static final Set<String> REGISTER_MEMBERS = Set.of("key", "value");

    private HistoryFile() {}

    public static void write(Path path, Header header, List<Op> ops) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write(encode(header));
            out.write('\n');
            for (Op op : ops) {
                out.write(encode(op));
                out.write('\n');
            }
        }
    }

    public static Contents read(Path path) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new MalformedHistoryException(1, 1, "empty file, expected a header line");
            }
            Header header = decodeHeader(first, 1);
            List<Op> ops = new ArrayList<>();
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                ops.add(decodeOp(line, ++lineNumber));
            }
            return new Contents(header, ops);
        }
    }

    // ---- encoding ------------------------------------------------------------------------

    /** The header as one JSON line (without the newline). */
    public static String encode(Header header) {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"workload\":");
        Json.writeString(out, header.workload());
        out.append(",\"nemesis\":");
        Json.writeString(out, header.nemesis());
        out.append(",\"nodes\":").append(header.nodes());
        out.append(",\"seed\":").append(header.seed());
        out.append(",\"seconds\":").append(header.seconds());
        out.append(",\"extra\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : header.extra().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.writeString(out, e.getKey());
            out.append(':');
            Json.writeString(out, e.getValue());
        }
        return out.append("}}").toString();
    }

    /** One op as one JSON line (without the newline): how a recorder appends as it runs. */
    public static String encode(Op op) {
        StringBuilder out = new StringBuilder(96);
        out.append("{\"index\":").append(op.index());
        out.append(",\"time\":").append(op.timeNanos());
        out.append(",\"process\":").append(op.process());
        out.append(",\"type\":\"").append(op.type().name().toLowerCase()).append('"');
        out.append(",\"f\":");
        Json.writeString(out, op.f());
        out.append(",\"value\":");
        writeValue(out, op.value());
        out.append(",\"error\":");
        if (op.error() == null) {
            out.append("null");
        } else {
            Json.writeString(out, op.error());
        }
        return out.append('}').toString();
    }

    private static void writeValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            Json.writeString(out, s);
        } else if (value instanceof List<?> mops) {
            out.append('[');
            for (int i = 0; i < mops.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                if (!(mops.get(i) instanceof Mop mop)) {
                    throw new IllegalArgumentException("a list value must hold micro-ops, found " + mops.get(i));
                }
                writeMop(out, mop);
            }
            out.append(']');
        } else if (value instanceof Transfer t) {
            writeTransfer(out, t);
        } else if (value instanceof BankRead r) {
            out.append("{\"balances\":");
            writeBalances(out, r.balances());
            out.append('}');
        } else if (value instanceof BankFinal f) {
            out.append("{\"balances\":");
            writeBalances(out, f.balances());
            out.append(",\"ledger\":{");
            boolean first = true;
            for (Map.Entry<Long, Transfer> e : f.ledger().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('"').append(e.getKey()).append("\":");
                writeTransfer(out, e.getValue());
            }
            out.append("}}");
        } else if (value instanceof BankSetup s) {
            out.append("{\"accounts\":").append(s.accounts()).append(",\"initial\":").append(s.initialBalance()).append('}');
        } else if (value instanceof RegisterOp r) {
            out.append("{\"key\":").append(r.key()).append(",\"value\":").append(r.value() == null ? "null" : r.value().toString()).append('}');
        } else {
            throw new IllegalArgumentException("no JSON form for a value of " + value.getClass().getName());
        }
    }

    private static void writeMop(StringBuilder out, Mop mop) {
        if (mop.isAppend()) {
            out.append("[\"append\",").append(mop.key()).append(',').append(mop.element()).append(']');
            return;
        }
        out.append("[\"r\",").append(mop.key()).append(',');
        if (mop.read() == null) {
            out.append("null");
        } else {
            out.append('[');
            for (int i = 0; i < mop.read().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(mop.read().get(i).longValue());
            }
            out.append(']');
        }
        out.append(']');
    }

    private static void writeTransfer(StringBuilder out, Transfer t) {
        out.append("{\"id\":").append(t.id()).append(",\"from\":").append(t.from()).append(",\"to\":").append(t.to())
                .append(",\"amount\":").append(t.amount()).append('}');
    }

    private static void writeBalances(StringBuilder out, Map<Long, Long> balances) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<Long, Long> e : balances.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(e.getKey()).append("\":").append(e.getValue().longValue());
        }
        out.append('}');
    }

    // ---- decoding ------------------------------------------------------------------------

    /** Parses a header line; {@code lineNumber} (1-based) is for error messages. */
    public static Header decodeHeader(String line, int lineNumber) throws MalformedHistoryException {
        Decoder r = new Decoder(lineNumber);
        Json.Obj o = r.object(Json.parse(line, lineNumber), 1, "the header");
        r.exactly(o, HEADER_MEMBERS, "the header");
        Json.Obj extraObj = r.object(o.members().get("extra"), o.columns().get("extra"), "\"extra\"");
        Map<String, String> extra = new TreeMap<>();
        for (String name : extraObj.members().keySet()) {
            extra.put(name, r.string(extraObj, name));
        }
        long nodes = r.number(o, "nodes");
        if (nodes < 0 || nodes > Integer.MAX_VALUE) {
            throw r.at(o, "nodes", "node count " + nodes + " is out of range");
        }
        return new Header(r.string(o, "workload"), r.string(o, "nemesis"), (int) nodes, r.number(o, "seed"), r.number(o, "seconds"), extra);
    }

    /** Parses an op line; {@code lineNumber} (1-based) is for error messages. */
    public static Op decodeOp(String line, int lineNumber) throws MalformedHistoryException {
        Decoder r = new Decoder(lineNumber);
        Json.Obj o = r.object(Json.parse(line, lineNumber), 1, "an op");
        r.exactly(o, OP_MEMBERS, "an op");
        long process = r.number(o, "process");
        if (process < Op.NEMESIS || process > Integer.MAX_VALUE) {
            throw r.at(o, "process", "process " + process + " is out of range");
        }
        String typeName = r.string(o, "type");
        OpType type = switch (typeName) {
            case "invoke" -> OpType.INVOKE;
            case "ok" -> OpType.OK;
            case "fail" -> OpType.FAIL;
            case "info" -> OpType.INFO;
            default -> throw r.at(o, "type", "unknown op type \"" + typeName + "\"");
        };
        Object value = r.value(o.members().get("value"), o.columns().get("value"));
        try {
            return new Op(r.number(o, "index"), r.number(o, "time"), (int) process, type, r.string(o, "f"), value, r.stringOrNull(o, "error"));
        } catch (IllegalArgumentException e) {
            throw new MalformedHistoryException(lineNumber, o.column(), e.getMessage());
        }
    }

    /** Turns parsed JSON into history values, reporting problems at their line and column. */
    private record Decoder(int line) {
        MalformedHistoryException at(int column, String problem) {
            return new MalformedHistoryException(line, column, problem);
        }

        MalformedHistoryException at(Json.Obj o, String member, String problem) {
            return at(o.columns().getOrDefault(member, o.column()), problem);
        }

        Json.Obj object(Object json, int column, String what) throws MalformedHistoryException {
            if (json instanceof Json.Obj o) {
                return o;
            }
            throw at(column, what + " must be a JSON object");
        }

        void exactly(Json.Obj o, Set<String> members, String what) throws MalformedHistoryException {
            for (String name : o.members().keySet()) {
                if (!members.contains(name)) {
                    throw at(o, name, "unknown member \"" + name + "\" in " + what);
                }
            }
            for (String name : new TreeSet<>(members)) {
                if (!o.members().containsKey(name)) {
                    throw at(o.column(), what + " lacks member \"" + name + "\"");
                }
            }
        }

        long number(Json.Obj o, String member) throws MalformedHistoryException {
            return number(o.members().get(member), o.columns().getOrDefault(member, o.column()), "\"" + member + "\"");
        }

        long number(Object json, int column, String what) throws MalformedHistoryException {
            if (json instanceof Long n) {
                return n;
            }
            throw at(column, what + " must be an integer");
        }

        String string(Json.Obj o, String member) throws MalformedHistoryException {
            if (o.members().get(member) instanceof String s) {
                return s;
            }
            throw at(o, member, "\"" + member + "\" must be a string");
        }

        String stringOrNull(Json.Obj o, String member) throws MalformedHistoryException {
            return o.members().get(member) == null ? null : string(o, member);
        }

        Object value(Object json, int column) throws MalformedHistoryException {
            if (json == null || json instanceof String) {
                return json;
            }
            if (json instanceof Json.Arr arr) {
                List<Mop> mops = new ArrayList<>(arr.items().size());
                for (int i = 0; i < arr.items().size(); i++) {
                    mops.add(mop(arr.items().get(i), arr.columns().get(i)));
                }
                return mops;
            }
            if (!(json instanceof Json.Obj o)) {
                throw at(column, "a value must be null, a string, an array of micro-ops or an object");
            }
            Set<String> members = o.members().keySet();
            try {
                if (members.equals(TRANSFER_MEMBERS)) {
                    return transfer(o);
                }
                if (members.equals(BANK_READ_MEMBERS)) {
                    return new BankRead(balances(o));
                }
                if (members.equals(BANK_FINAL_MEMBERS)) {
                    Json.Obj ledgerObj = object(o.members().get("ledger"), o.columns().get("ledger"), "\"ledger\"");
                    Map<Long, Transfer> ledger = new TreeMap<>();
                    for (String id : ledgerObj.members().keySet()) {
                        Object row = ledgerObj.members().get(id);
                        ledger.put(mapKey(ledgerObj, id), transfer(object(row, ledgerObj.columns().get(id), "a ledger row")));
                    }
                    return new BankFinal(balances(o), ledger);
                }
                if (members.equals(BANK_SETUP_MEMBERS)) {
                    return new BankSetup(number(o, "accounts"), number(o, "initial"));
                }
                if (members.equals(REGISTER_MEMBERS)) {
                    Object v = o.members().get("value");
                    return new RegisterOp(number(o, "key"), v == null ? null : number(o, "value"));
                }
            } catch (IllegalArgumentException e) {
                throw at(o.column(), e.getMessage());
            }
            throw at(o.column(), "no value has the members " + new TreeSet<>(members));
        }

        Mop mop(Object json, int column) throws MalformedHistoryException {
            if (!(json instanceof Json.Arr arr) || arr.items().size() != 3) {
                throw at(column, "a micro-op must be an array [\"append\", key, element] or [\"r\", key, list-or-null]");
            }
            Object kind = arr.items().get(0);
            long key = number(arr.items().get(1), arr.columns().get(1), "a key");
            Object third = arr.items().get(2);
            int thirdColumn = arr.columns().get(2);
            try {
                if ("append".equals(kind)) {
                    return Mop.append(key, number(third, thirdColumn, "an element"));
                }
                if ("r".equals(kind)) {
                    if (third == null) {
                        return Mop.read(key);
                    }
                    if (!(third instanceof Json.Arr list)) {
                        throw at(thirdColumn, "a read's result must be an array of elements or null");
                    }
                    List<Long> elements = new ArrayList<>(list.items().size());
                    for (int i = 0; i < list.items().size(); i++) {
                        elements.add(number(list.items().get(i), list.columns().get(i), "an element"));
                    }
                    return Mop.read(key, elements);
                }
            } catch (IllegalArgumentException e) {
                throw at(column, e.getMessage());
            }
            throw at(arr.columns().get(0), "a micro-op's kind must be \"append\" or \"r\"");
        }

        Transfer transfer(Json.Obj o) throws MalformedHistoryException {
            exactly(o, TRANSFER_MEMBERS, "a transfer");
            return new Transfer(number(o, "id"), number(o, "from"), number(o, "to"), number(o, "amount"));
        }

        Map<Long, Long> balances(Json.Obj o) throws MalformedHistoryException {
            Json.Obj b = object(o.members().get("balances"), o.columns().get("balances"), "\"balances\"");
            Map<Long, Long> balances = new TreeMap<>();
            for (String account : b.members().keySet()) {
                balances.put(mapKey(b, account), number(b, account));
            }
            return balances;
        }

        long mapKey(Json.Obj o, String name) throws MalformedHistoryException {
            try {
                return Long.parseLong(name);
            } catch (NumberFormatException e) {
                throw at(o, name, "member name \"" + name + "\" must be a decimal integer");
            }
        }
    }
}
