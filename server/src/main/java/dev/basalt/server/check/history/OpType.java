package dev.basalt.server.check.history;

/**
 * What an {@link Op} records: a client invoking an operation, or how it ended.
 *
 * <p>{@link #OK} and {@link #FAIL} are definite: the operation took effect, or it certainly did
 * not. {@link #INFO} means the client does not know (a timeout, a lost connection, a node that
 * died mid-commit): the operation may or may not have taken effect, now or at any later time.
 */
public enum OpType {
    INVOKE,
    OK,
    FAIL,
    INFO;

    /** True for the three ways an invocation can end. */
    public boolean isCompletion() {
        return this != INVOKE;
    }
}
