package dev.basalt.server.check.history;

import java.io.IOException;

/**
 * A history file that is not what {@link HistoryFile} writes: bad JSON, a missing or mistyped
 * field, or a value of no known shape. Names the 1-based line and column where reading stopped.
 */
public final class MalformedHistoryException extends IOException {
    private final int line;
    private final int column;

    public MalformedHistoryException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
