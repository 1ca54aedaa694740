package dev.basalt.server.check.history;

import java.util.List;
import java.util.Objects;

/**
 * One micro-operation of a list-append transaction ({@code f = "txn"}).
 *
 * <p>An append carries its {@code element} and a null {@code read}. A read carries element 0 and
 * the list it observed: null until known (in an invocation, and in FAIL or INFO completions), a
 * list (possibly empty) in an OK completion.
 *
 * @param kind append or read
 * @param key the key, {@code >= 0}
 * @param element the appended element ({@code >= 0}, unique per key over the whole history), or
 *     0 for a read
 * @param read the list a read observed, oldest element first, or null
 */
public record Mop(MopKind kind, long key, long element, List<Long> read) {
    public Mop {
        Objects.requireNonNull(kind, "kind");
        if (key < 0) {
            throw new IllegalArgumentException("key must be >= 0, was " + key);
        }
        if (kind == MopKind.APPEND) {
            if (element < 0) {
                throw new IllegalArgumentException("element must be >= 0, was " + element);
            }
            if (read != null) {
                throw new IllegalArgumentException("an append carries no read list");
            }
        } else {
            if (element != 0) {
                throw new IllegalArgumentException("a read carries element 0, was " + element);
            }
            if (read != null) {
                read = List.copyOf(read);
            }
        }
    }

    public static Mop append(long key, long element) {
        return new Mop(MopKind.APPEND, key, element, null);
    }

    /** A read whose result is not known (yet). */
    public static Mop read(long key) {
        return new Mop(MopKind.READ, key, 0, null);
    }

    /** A read that observed {@code list}. */
    public static Mop read(long key, List<Long> list) {
        return new Mop(MopKind.READ, key, 0, Objects.requireNonNull(list, "list"));
    }

    public boolean isAppend() {
        return kind == MopKind.APPEND;
    }

    public boolean isRead() {
        return kind == MopKind.READ;
    }

    /** This micro-op with its read result filled in: what an OK completion repeats. */
    public Mop withRead(List<Long> list) {
        if (kind != MopKind.READ) {
            throw new IllegalStateException("append(" + key + ", " + element + ") has no read result");
        }
        return read(key, list);
    }

    @Override
    public String toString() {
        return kind == MopKind.APPEND ? "append(" + key + ", " + element + ")" : "read(" + key + ") = " + read;
    }
}
