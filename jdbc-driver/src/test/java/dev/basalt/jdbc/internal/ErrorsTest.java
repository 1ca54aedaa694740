package dev.basalt.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    private static SQLException map(ErrorCode code) {
        return Errors.fromBasalt(new BasaltException(code, "boom"));
    }

    @Test
    void exceptionClassFollowsTheSqlStateClass() {
        assertEquals(SQLNonTransientConnectionException.class, map(ErrorCode.CONNECTION_FAILURE).getClass());
        assertEquals(SQLNonTransientConnectionException.class, map(ErrorCode.CONNECTION_DOES_NOT_EXIST).getClass());
        assertEquals(SQLTransactionRollbackException.class, map(ErrorCode.SERIALIZATION_FAILURE).getClass());
        assertEquals(SQLTransactionRollbackException.class, map(ErrorCode.DEADLOCK).getClass());
        assertEquals(SQLTransactionRollbackException.class, map(ErrorCode.COMMIT_OUTCOME_UNKNOWN).getClass());
        assertEquals(SQLIntegrityConstraintViolationException.class, map(ErrorCode.UNIQUE_VIOLATION).getClass());
        assertEquals(SQLIntegrityConstraintViolationException.class, map(ErrorCode.NOT_NULL_VIOLATION).getClass());
        assertEquals(SQLSyntaxErrorException.class, map(ErrorCode.SYNTAX_ERROR).getClass());
        assertEquals(SQLSyntaxErrorException.class, map(ErrorCode.UNDEFINED_TABLE).getClass());
        assertEquals(SQLDataException.class, map(ErrorCode.NUMERIC_OUT_OF_RANGE).getClass());
        assertEquals(SQLDataException.class, map(ErrorCode.ISOLATION_NOT_SUPPORTED).getClass());
        assertEquals(SQLInvalidAuthorizationSpecException.class, map(ErrorCode.INVALID_PASSWORD).getClass());
        assertEquals(SQLInvalidAuthorizationSpecException.class, map(ErrorCode.INVALID_AUTHORIZATION).getClass());
        assertEquals("28000", map(ErrorCode.INVALID_AUTHORIZATION).getSQLState());
        assertEquals(SQLException.class, map(ErrorCode.INTERNAL_ERROR).getClass());
        assertEquals(SQLException.class, map(ErrorCode.IN_FAILED_TRANSACTION).getClass());
    }

    @Test
    void vendorCodeIsTheWireNumberExceptZeroFor40001() {
        assertEquals(0, map(ErrorCode.SERIALIZATION_FAILURE).getErrorCode());
        assertEquals("40001", map(ErrorCode.SERIALIZATION_FAILURE).getSQLState());
        assertEquals(ErrorCode.UNIQUE_VIOLATION.code(), map(ErrorCode.UNIQUE_VIOLATION).getErrorCode());
        assertEquals(ErrorCode.DEADLOCK.code(), map(ErrorCode.DEADLOCK).getErrorCode());
    }

    @Test
    void aTimeoutIs57014AndNeverSqlTimeoutException() {
        SQLException e = map(ErrorCode.TIMEOUT);
        assertEquals("57014", e.getSQLState());
        assertFalse(e instanceof SQLTimeoutException);
        assertFalse(map(ErrorCode.QUERY_CANCELED) instanceof SQLTimeoutException);
    }

    @Test
    void everyErrorCodeMapsToItsSqlStateWithAMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            SQLException e = Errors.fromBasalt(new BasaltException(code, null));
            assertEquals(code.sqlState(), e.getSQLState(), code.name());
            assertNotNull(e.getMessage(), code.name());
            assertFalse(e instanceof SQLTimeoutException, code.name());
            assertEquals(code.sqlState().startsWith("0A"), e instanceof SQLFeatureNotSupportedException, code.name());
        }
    }

    @Test
    void foreignFailuresAreConnectionLossOrInternal() {
        SQLException io = Errors.fromFailure(new CompletionException(new IOException("reset by peer")), "EXECUTE");
        assertEquals("08006", io.getSQLState());
        assertEquals(SQLNonTransientConnectionException.class, io.getClass());
        SQLException bug = Errors.fromFailure(new IllegalStateException("oops"), "EXECUTE");
        assertEquals("XX000", bug.getSQLState());
        BasaltException cause = new BasaltException(ErrorCode.UNIQUE_VIOLATION, "dup");
        assertSame(cause, Errors.fromFailure(new CompletionException(cause), "EXECUTE").getCause());
    }

    @Test
    void anInterruptedWaitIs57014AndKeepsTheInterrupt() {
        SQLException e = Errors.interrupted("EXECUTE", new InterruptedException());
        assertEquals("57014", e.getSQLState());
        assertEquals(true, Thread.interrupted()); // clears the flag again for the next test
    }
}
