package dev.basalt.server.check.history;

/** The two micro-operations of a list-append transaction. */
public enum MopKind {
    /** Append a unique element to the list stored at a key. */
    APPEND,
    /** Read the whole list stored at a key. */
    READ
}
