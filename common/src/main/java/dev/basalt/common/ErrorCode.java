package dev.basalt.common;

/**
 * Every failure a client can see, with its SQLState, its wire number, and what a caller may do
 * about it. This is the one place that maps Basalt's errors to SQLStates and the one place that
 * says what is retryable; the JDBC driver turns a {@link BasaltException} into
 * {@code SQLException(message, sqlState, code())}.
 *
 * <p>Three separate questions, because the layers ask different ones:
 * <ul>
 *   <li>{@link #requestRetryable()}: sending the <em>same request</em> again (to the same or
 *       another node, after re-routing) may succeed. Every range request is idempotent, so this is
 *       safe whenever it is true.</li>
 *   <li>{@link #transactionRetryable()}: the transaction failed but running it again from the
 *       start may succeed (SQLState class 40 and the transient ones).</li>
 *   <li>{@link #outcomeUnknown()}: the request may or may not have taken effect. Only the
 *       transaction layer decides what that means for a commit (asking again, fencing, or
 *       40003); no other layer may turn it into "not applied".</li>
 * </ul>
 * Wire numbers are explicit and never reused: a constant may be added with a new number, and a
 * removed one leaves a gap.
 */
public enum ErrorCode {
    /** A write-write conflict or a commit that would break snapshot isolation: retry the transaction. */
    SERIALIZATION_FAILURE("40001", 1, false, true, false),
    /** Chosen as the victim to break a deadlock: retry the transaction. */
    DEADLOCK("40P01", 2, false, true, false),
    /** The commit's outcome was lost (for example in a failover): it may or may not have committed. */
    COMMIT_OUTCOME_UNKNOWN("40003", 3, false, false, true),
    /** The transaction was rolled back by another party (its lock expired and was resolved). */
    TRANSACTION_ABORTED("40002", 4, false, true, false),
    /** A key is locked by another transaction and the lock wait ran out. */
    LOCK_WAIT_TIMEOUT("55P03", 5, true, true, false),
    UNIQUE_VIOLATION("23505", 6, false, false, false),
    /** The transaction is not in a state that allows the call (already committed or rolled back). */
    INVALID_TRANSACTION_STATE("25000", 7, false, false, false),
    /** A write was attempted in a read-only transaction. */
    READ_ONLY_TRANSACTION("25006", 8, false, false, false),
    /** The request asks for something Basalt does not provide. */
    FEATURE_NOT_SUPPORTED("0A000", 9, false, false, false),
    /** The request reached a node that does not lead the range, and was refused before anything was proposed. */
    NOT_LEADER("08006", 10, true, true, false),
    /** The range has moved or the request's key lies outside the range it was sent to; nothing was done. */
    RANGE_MOVED("08006", 11, true, true, false),
    /** The range has no leader right now (election in progress, leader not ready); nothing was done. */
    RANGE_UNAVAILABLE("08006", 12, true, true, false),
    /** A node could not be reached or the connection broke; a request in flight may have taken effect. */
    CONNECTION_FAILURE("08006", 13, true, true, true),
    /** The server is overloaded: a bounded queue is full; nothing was done. */
    SERVER_BUSY("53300", 14, true, true, false),
    /** A request did not complete within its deadline; it may still take effect. */
    TIMEOUT("57014", 15, true, true, true),
    /** A request was malformed: wrong encoding, bad argument, unknown command. */
    INVALID_REQUEST("22023", 16, false, false, false),
    /** A value does not fit its type or cannot be encoded. */
    INVALID_VALUE("22000", 17, false, false, false),
    /** The object named does not exist (range, node). */
    UNDEFINED_OBJECT("42704", 18, false, false, false),
    /** The object already exists (cluster already initialized, range already present). */
    DUPLICATE_OBJECT("42710", 19, false, false, false),
    /** The cluster is not in a state that allows the request (for example not initialized). */
    INVALID_STATE("55000", 20, false, false, false),
    /** A bug or an unexpected failure inside Basalt. */
    INTERNAL_ERROR("XX000", 21, false, false, false),
    /**
     * A range accepted the request into its Raft log and then lost leadership before it learned
     * whether the entry committed: it may still be applied. Asking again (requests are idempotent)
     * learns the outcome.
     */
    REQUEST_OUTCOME_UNKNOWN("08006", 22, true, true, true),
    /**
     * The read or write is at a timestamp below the range's garbage-collection safe point: the
     * versions it needs may be gone. Retry the transaction (it starts at a fresh timestamp).
     */
    SNAPSHOT_TOO_OLD("72000", 23, false, true, false),

    // ---- SQL: what a statement did wrong (PostgreSQL's SQLStates, so tools recognise them)
    /** The SQL text does not parse; the message gives line and column. */
    SYNTAX_ERROR("42601", 24, false, false, false),
    /** A table or view named in the statement does not exist. */
    UNDEFINED_TABLE("42P01", 25, false, false, false),
    /** A column named in the statement does not exist. */
    UNDEFINED_COLUMN("42703", 26, false, false, false),
    /** A function or operator does not exist for the argument types given. */
    UNDEFINED_FUNCTION("42883", 27, false, false, false),
    /** CREATE of a table, view or index whose name is taken. */
    DUPLICATE_TABLE("42P07", 28, false, false, false),
    /** A column name appears twice in a table definition or an insert's column list. */
    DUPLICATE_COLUMN("42701", 29, false, false, false),
    /** An unqualified column name matches columns of more than one table. */
    AMBIGUOUS_COLUMN("42702", 30, false, false, false),
    /** A value's type does not match where it goes (and no implicit cast exists). */
    DATATYPE_MISMATCH("42804", 31, false, false, false),
    /** A grouped query selects a column that is neither grouped nor aggregated. */
    GROUPING_ERROR("42803", 32, false, false, false),
    /** Any other statement the rules of SQL reject (for example a wrong number of values). */
    INVALID_STATEMENT("42000", 33, false, false, false),
    /** NULL into a NOT NULL column. */
    NOT_NULL_VIOLATION("23502", 34, false, false, false),
    /** A row refers to a parent that does not exist, or a parent row still has children. */
    FOREIGN_KEY_VIOLATION("23503", 35, false, false, false),
    /** A string longer than its column allows. */
    STRING_TOO_LONG("22001", 36, false, false, false),
    /** A number outside its type's range or precision. */
    NUMERIC_OUT_OF_RANGE("22003", 37, false, false, false),
    /** Division (or modulo) by zero. */
    DIVISION_BY_ZERO("22012", 38, false, false, false),
    /** Text that does not read as the type it is cast to ('abc' as an integer). */
    INVALID_TEXT_REPRESENTATION("22P02", 39, false, false, false),
    /** Text that does not read as a date, time or timestamp, or a date field out of range. */
    INVALID_DATETIME("22007", 40, false, false, false),
    /** A scalar subquery returned more than one row. */
    CARDINALITY_VIOLATION("21000", 41, false, false, false),
    /** DROP of an object others depend on, without CASCADE. */
    DEPENDENT_OBJECTS_EXIST("2BP01", 42, false, false, false),
    /** The isolation level asked for is not one Basalt enforces (SERIALIZABLE, for now). */
    ISOLATION_NOT_SUPPORTED("22023", 43, false, false, false),
    /** A client asked for a cursor, statement or session this node does not hold (closed or expired). */
    INVALID_HANDLE("34000", 44, false, false, false),
    /** The session's connection is closed or was never opened. */
    CONNECTION_DOES_NOT_EXIST("08003", 45, false, false, false),
    /** The statement was cancelled by the client. */
    QUERY_CANCELED("57014", 46, false, false, false),
    /** Wrong user name or password, an unknown user, or no user where the cluster requires one. */
    INVALID_PASSWORD("28P01", 47, false, false, false),
    /** The transaction failed earlier; statements are refused until ROLLBACK. */
    IN_FAILED_TRANSACTION("25P02", 48, false, false, false),
    /** A table definition that cannot be (two primary keys, a distribution key outside the primary key). */
    INVALID_TABLE_DEFINITION("42P16", 49, false, false, false),
    /** A statement that names an object of the wrong kind for it: a write into, or DDL on, a read-only information_schema table. */
    WRONG_OBJECT_TYPE("42809", 50, false, false, false),
    /**
     * The node could not prove it knows the user's password (its SCRAM signature did not match), or
     * an authentication exchange was out of order.
     */
    INVALID_AUTHORIZATION("28000", 51, false, false, false),
    /** The session's user may not do this (only a superuser creates, alters and drops users). */
    INSUFFICIENT_PRIVILEGE("42501", 52, false, false, false),
    /** The object is in use and cannot be removed or changed so: dropping oneself, or the last superuser. */
    OBJECT_IN_USE("55006", 53, false, false, false);

    private static final ErrorCode[] BY_WIRE_CODE;

    static {
        int max = 0;
        for (ErrorCode c : values()) {
            max = Math.max(max, c.wireCode);
        }
        BY_WIRE_CODE = new ErrorCode[max + 1];
        for (ErrorCode c : values()) {
            if (BY_WIRE_CODE[c.wireCode] != null) {
                throw new ExceptionInInitializerError("wire code " + c.wireCode + " used by " + c + " and " + BY_WIRE_CODE[c.wireCode]);
            }
            BY_WIRE_CODE[c.wireCode] = c;
        }
    }

    private final String sqlState;
    private final int wireCode;
    private final boolean requestRetryable;
    private final boolean transactionRetryable;
    private final boolean outcomeUnknown;

    ErrorCode(String sqlState, int wireCode, boolean requestRetryable, boolean transactionRetryable, boolean outcomeUnknown) {
        this.sqlState = sqlState;
        this.wireCode = wireCode;
        this.requestRetryable = requestRetryable;
        this.transactionRetryable = transactionRetryable;
        this.outcomeUnknown = outcomeUnknown;
    }

    public String sqlState() {
        return sqlState;
    }

    /** Sending the same (idempotent) request again may succeed. */
    public boolean requestRetryable() {
        return requestRetryable;
    }

    /** Running the whole transaction again from its start may succeed. */
    public boolean transactionRetryable() {
        return transactionRetryable;
    }

    /** The request may or may not have taken effect; only asking again tells. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /** The stable number of this code on the wire and in {@code SQLException.getErrorCode()}. */
    public int code() {
        return wireCode;
    }

    /** The code with wire number {@code code}; an unknown number (a newer peer) reads as INTERNAL_ERROR. */
    public static ErrorCode fromCode(int code) {
        if (code < 0 || code >= BY_WIRE_CODE.length || BY_WIRE_CODE[code] == null) {
            return INTERNAL_ERROR;
        }
        return BY_WIRE_CODE[code];
    }
}
