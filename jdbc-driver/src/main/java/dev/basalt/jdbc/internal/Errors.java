package dev.basalt.jdbc.internal;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.io.IOException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures become {@link SQLException}s. The exception's class follows its
 * SQLState's class, because that is what tools test for:
 *
 * <pre>
 *   SQLState class   exception                                    examples
 *   08               SQLNonTransientConnectionException           08001 connect failed, 08003 closed/broken,
 *                                                                 08006 connection lost
 *   40               SQLTransactionRollbackException              40001 (vendor code 0), 40P01, 40003
 *   23               SQLIntegrityConstraintViolationException     23505, 23503, 23502
 *   42               SQLSyntaxErrorException                      42601, 42P01, 42703
 *   22               SQLDataException                             22001, 22003, 22012, 22023
 *   28               SQLInvalidAuthorizationSpecException         28P01 wrong password or unknown user,
 *                                                                 28000 the node failed SCRAM's proof
 *   0A               SQLFeatureNotSupportedException              only for JDBC calls the driver lacks
 *   anything else    SQLException                                 57014 timeout/cancel, 25P02, XX000
 * </pre>
 *
 * <b>08 is always non-transient</b>: a connection-class error means the session, and with it any
 * open transaction, is gone, so the same {@code Connection} can never succeed again; the caller
 * must take a new one. (08006 could be called transient for the database, but never for this
 * connection, and pools and harnesses reconnect on either class.)
 *
 * <p>The vendor code is {@link ErrorCode#code()}, except 0 for 40001 (harnesses retry on
 * "40001 with vendor code 0"); errors the driver raises itself have vendor code 0. The message is
 * never null. The driver never raises {@code SQLTimeoutException}, and never 0A000 for an error a
 * statement ran into: HikariCP evicts a connection for either. A timeout is SQLState 57014.
 */
public final class Errors {
    private static final String SERIALIZATION_FAILURE = "40001";

    private Errors() {
    }

    /** A failure reported by the server or the transport. */
    public static SQLException fromBasalt(BasaltException e) {
        ErrorCode code = e.code();
        String state = code.sqlState();
        int vendorCode = SERIALIZATION_FAILURE.equals(state) ? 0 : code.code();
        String message = e.getMessage() == null || e.getMessage().isBlank() ? code + " (" + state + ")" : e.getMessage();
        return create(state, vendorCode, message, e);
    }

    /**
     * Whatever a call's future failed with: a {@link BasaltException} keeps its code; an I/O
     * failure is a lost connection (08006); anything else is a driver bug (XX000).
     */
    public static SQLException fromFailure(Throwable failure, String what) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof SQLException e) {
            return e;
        }
        if (t instanceof BasaltException e) {
            return fromBasalt(e);
        }
        if (t instanceof IOException) {
            return create(SqlStates.CONNECTION_FAILURE, 0, what + ": connection lost: " + describe(t), t);
        }
        return create(SqlStates.INTERNAL_ERROR, 0, what + ": unexpected failure in the driver: " + describe(t), t);
    }

    /** An error the driver raises by itself. */
    public static SQLException driver(String sqlState, String message) {
        return create(sqlState, 0, message, null);
    }

    public static SQLException driver(String sqlState, String message, Throwable cause) {
        return create(sqlState, 0, message, cause);
    }

    /** The waiting thread was interrupted: 57014, and the interrupt flag is set again for the caller. */
    public static SQLException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return create(SqlStates.QUERY_CANCELED, 0, what + ": interrupted while waiting for the server", e);
    }

    /** A JDBC call the driver does not provide (JDBC allows it to throw this for these calls). */
    public static SQLFeatureNotSupportedException notSupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by the Basalt driver",
                SqlStates.FEATURE_NOT_SUPPORTED);
    }

    /** Whether the error means the connection is unusable: SQLState class 08. */
    public static boolean isConnectionError(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    static SQLException create(String state, int vendorCode, String message, Throwable cause) {
        String stateClass = state.length() >= 2 ? state.substring(0, 2) : state;
        SQLException e = switch (stateClass) {
            case "08" -> new SQLNonTransientConnectionException(message, state, vendorCode);
            case "40" -> new SQLTransactionRollbackException(message, state, vendorCode);
            case "23" -> new SQLIntegrityConstraintViolationException(message, state, vendorCode);
            case "42" -> new SQLSyntaxErrorException(message, state, vendorCode);
            case "22" -> new SQLDataException(message, state, vendorCode);
            case "28" -> new SQLInvalidAuthorizationSpecException(message, state, vendorCode);
            case "0A" -> new SQLFeatureNotSupportedException(message, state, vendorCode);
            default -> new SQLException(message, state, vendorCode);
        };
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
