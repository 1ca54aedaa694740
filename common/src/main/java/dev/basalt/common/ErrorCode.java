package dev.basalt.common;

/**
 * Every failure a client can see, with its SQLState and whether retrying the same work may
 * succeed. This is the one place that maps Basalt's errors to SQLStates; the JDBC driver turns a
 * {@link BasaltException} into {@code SQLException(message, sqlState, code())}.
 */
public enum ErrorCode {
    /** A write-write conflict or a commit that would break snapshot isolation: retry the transaction. */
    SERIALIZATION_FAILURE("40001", true),
    /** Chosen as the victim to break a deadlock: retry the transaction. */
    DEADLOCK("40P01", true),
    /** The commit's outcome was lost (for example in a failover): it may or may not have committed. */
    COMMIT_OUTCOME_UNKNOWN("40003", false),
    /** The transaction was rolled back by another party (its lock expired and was resolved). */
    TRANSACTION_ABORTED("40002", true),
    /** A key is locked by another transaction and the lock wait ran out. */
    LOCK_WAIT_TIMEOUT("55P03", true),
    UNIQUE_VIOLATION("23505", false),
    /** The transaction is not in a state that allows the call (already committed or rolled back). */
    INVALID_TRANSACTION_STATE("25000", false),
    /** A write was attempted in a read-only transaction. */
    READ_ONLY_TRANSACTION("25006", false),
    /** The request asks for something Basalt does not provide (for example SERIALIZABLE isolation). */
    FEATURE_NOT_SUPPORTED("0A000", false),
    /** The request reached a node that does not lead the range; the reply names the leader. */
    NOT_LEADER("08006", true),
    /** The range has moved or the request's key lies outside the range it was sent to. */
    RANGE_MOVED("08006", true),
    /** The range has no leader right now (election in progress). */
    RANGE_UNAVAILABLE("08006", true),
    /** A node could not be reached or the connection broke. */
    CONNECTION_FAILURE("08006", true),
    /** The server is overloaded: a bounded queue is full. */
    SERVER_BUSY("53300", true),
    /** A request did not complete within its deadline. */
    TIMEOUT("57014", true),
    /** A request was malformed: wrong encoding, bad argument, unknown command. */
    INVALID_REQUEST("22023", false),
    /** A value does not fit its type or cannot be encoded. */
    INVALID_VALUE("22000", false),
    /** The object named does not exist (range, node). */
    UNDEFINED_OBJECT("42704", false),
    /** The object already exists (cluster already initialized, range already present). */
    DUPLICATE_OBJECT("42710", false),
    /** The cluster is not in a state that allows the request (for example not initialized). */
    INVALID_STATE("55000", false),
    /** A bug or an unexpected failure inside Basalt. */
    INTERNAL_ERROR("XX000", false);

    private final String sqlState;
    private final boolean retryable;

    ErrorCode(String sqlState, boolean retryable) {
        this.sqlState = sqlState;
        this.retryable = retryable;
    }

    public String sqlState() {
        return sqlState;
    }

    public boolean retryable() {
        return retryable;
    }

    /** A stable numeric code for the wire and {@code SQLException.getErrorCode()}. */
    public int code() {
        return ordinal() + 1;
    }

    public static ErrorCode fromCode(int code) {
        ErrorCode[] all = values();
        if (code < 1 || code > all.length) {
            return INTERNAL_ERROR;
        }
        return all[code - 1];
    }
}
