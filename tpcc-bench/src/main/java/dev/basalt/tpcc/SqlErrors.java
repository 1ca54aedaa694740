package dev.basalt.tpcc;

import java.sql.SQLException;
import java.util.Set;

/**
 * How the harness reads a failure. A transaction is tried again, up to {@link #ATTEMPTS_MAX}
 * times, when the database says the attempt lost a conflict and nothing of it remains:
 * 40001 (serialization failure), 40P01 (deadlock loser), 40002 (integrity constraint violation
 * at commit, PostgreSQL's answer to some write-skew). Any other failure — and 40003, "commit
 * outcome unknown", because the attempt may have committed — ends the transaction as an error.
 */
public final class SqlErrors {
    /** A business transaction is given up (and counted as an error) after this many attempts. */
    public static final int ATTEMPTS_MAX = 10;
    static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "40002");

    private SqlErrors() {
    }

    /** A conflict the harness itself detected (an update count that another transaction took away): retried like 40001. */
    public static final class LostRace extends SQLException {
        public LostRace(String message) {
            super(message);
        }
    }

    /** True when the attempt that failed with {@code e} can be run again from the start. */
    public static boolean retryable(SQLException e) {
        if (e instanceof LostRace) {
            return true;
        }
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && RETRYABLE_STATES.contains(x.getSQLState())) {
                return true;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return false;
    }

    /** True when the connection is gone (SQLState class 08): the terminal opens a new one. */
    public static boolean connectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    /**
     * The errors among {@code kinds} (key "TYPE SQLSTATE" → [count, first message], as {@link
     * Stats#errorSummary} gives them) that a lost node explains: a connection lost (class 08) or a
     * commit whose outcome is unknown (40003).
     */
    public static long fromLostConnections(java.util.Map<String, Object[]> kinds) {
        long n = 0;
        for (java.util.Map.Entry<String, Object[]> e : kinds.entrySet()) {
            String state = e.getKey().substring(e.getKey().lastIndexOf(' ') + 1);
            if (state.startsWith("08") || state.equals("40003")) {
                n += (long) e.getValue()[0];
            }
        }
        return n;
    }

    /** The SQLState of a failure, or a word for failures without one. */
    public static String state(Throwable t) {
        if (t instanceof LostRace) {
            return "lost-race";
        }
        if (t instanceof SQLException e) {
            return e.getSQLState() == null ? "no-sqlstate" : e.getSQLState();
        }
        return t.getClass().getSimpleName();
    }

    /** {@code [state] message}, never null. */
    public static String describe(Throwable t) {
        return "[" + state(t) + "] " + (t.getMessage() == null ? t.getClass().getName() : t.getMessage());
    }
}
