package dev.basalt.jdbc.internal;

/**
 * The SQLStates the driver raises by itself, without asking the server. The server's own errors
 * carry the SQLState of their {@code ErrorCode}; these cover what the driver decides alone.
 */
public final class SqlStates {
    /** The client could not open a connection (bad URL, no host answered, embedded mode). */
    public static final String CONNECTION_REJECTED = "08001";
    /** The connection is closed or broken: nothing was sent. */
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** The connection broke or stopped answering during a call. */
    public static final String CONNECTION_FAILURE = "08006";
    /**
     * The connection was lost while COMMIT was on its way or running: the transaction may or may
     * not have committed.
     */
    public static final String COMMIT_OUTCOME_UNKNOWN = "40003";
    /** The statement ran out of its query timeout, or the waiting thread was interrupted. */
    public static final String QUERY_CANCELED = "57014";
    /** A bad argument: an index out of range, a negative timeout, an unknown setting. */
    public static final String INVALID_PARAMETER_VALUE = "22023";
    /** A parameter of a prepared statement was never set. */
    public static final String WRONG_NUMBER_OF_PARAMETERS = "07001";
    /** getObject(i, Class) asked for a class the column's value does not convert to. */
    public static final String INVALID_PARAMETER_TYPE = "07006";
    /** A result set read before its first row or after its last, or scrolled backwards. */
    public static final String INVALID_CURSOR_STATE = "24000";
    /** A closed statement or result set used (pgJDBC's state for the same case). */
    public static final String OBJECT_NOT_IN_STATE = "55000";
    /** A column label that is not in the result. */
    public static final String UNDEFINED_COLUMN = "42703";
    /** A value that does not read as the type asked for ("abc" as an int). */
    public static final String INVALID_CHARACTER_VALUE_FOR_CAST = "22018";
    /** A value outside the range of the type asked for (a BIGINT that does not fit an int). */
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    /** A string or stream longer than the driver accepts. */
    public static final String STRING_DATA_RIGHT_TRUNCATION = "22001";
    /** commit or rollback in autocommit mode (pgJDBC's state for the same case). */
    public static final String NO_ACTIVE_SQL_TRANSACTION = "25P01";
    /** executeQuery on a statement that returned no rows (pgJDBC's state for the same case). */
    public static final String NO_DATA = "02000";
    /** executeUpdate on a statement that returned rows (pgJDBC's state for the same case). */
    public static final String TOO_MANY_RESULTS = "0100E";
    /** A SQL-text method called on a PreparedStatement (pgJDBC's state for the same case). */
    public static final String WRONG_OBJECT_TYPE = "42809";
    /**
     * The node's SCRAM answer did not prove that it knows the user's password verifier (or did not
     * follow the exchange): the driver refuses the session.
     */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** An answer the driver cannot understand, or a failure it did not expect. */
    public static final String INTERNAL_ERROR = "XX000";
    /** A feature the driver does not provide (only for calls JDBC allows to be unsupported). */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";

    private SqlStates() {
    }
}
