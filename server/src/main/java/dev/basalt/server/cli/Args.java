package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options of one command, with clear errors for bad input. */
final class Args {
    private final String command;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    final List<String> positional = new ArrayList<>();

    Args(String command, String[] args, int from, Set<String> flags) {
        this.command = command;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            // Single-letter options (-e SQL, -f FILE) read like their long form.
            boolean shortOption = a.length() == 2 && a.charAt(0) == '-' && Character.isLetter(a.charAt(1));
            if (a.startsWith("--") || shortOption) {
                String name = a.substring(shortOption ? 1 : 2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    values.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flags.contains(name)) {
                    values.put(name, "true");
                } else if (i + 1 < args.length) {
                    values.put(name, args[++i]);
                } else {
                    throw usage("option --" + name + " needs a value");
                }
            } else {
                positional.add(a);
            }
        }
    }

    BasaltException usage(String message) {
        return new BasaltException(ErrorCode.INVALID_REQUEST, "basalt " + command + ": " + message);
    }

    String required(String name) {
        String v = optional(name, null);
        if (v == null) {
            throw usage("missing --" + name);
        }
        return v;
    }

    String optional(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(optional(name, "false"));
    }

    /** An {@code on|off} option. */
    boolean onOff(String name, boolean fallback) {
        String v = optional(name, fallback ? "on" : "off");
        if (!v.equals("on") && !v.equals("off")) {
            throw usage("--" + name + " must be on or off, got '" + v + "'");
        }
        return v.equals("on");
    }

    long number(String name, long fallback, long min, long max) {
        String v = optional(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw usage("--" + name + " must be in [" + min + ", " + max + "], got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw usage("--" + name + " must be a number, got '" + v + "'");
        }
    }

    List<Integer> numbers(String name, String fallback, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (String part : optional(name, fallback).split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < min || n > max) {
                    throw usage("--" + name + " values must be in [" + min + ", " + max + "], got " + n);
                }
                out.add(n);
            } catch (NumberFormatException e) {
                throw usage("--" + name + " must be a comma-separated list of numbers, got '" + part + "'");
            }
        }
        return out;
    }

    /** Fails on options the command does not know, so a typo is not silently ignored. */
    void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                throw usage("unknown option --" + name);
            }
        }
    }
}
