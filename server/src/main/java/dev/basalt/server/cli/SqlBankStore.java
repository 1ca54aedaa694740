package dev.basalt.server.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The bank as SQL over JDBC: tables {@code bank_accounts (id, balance)} and
 * {@code bank_ledger (id, payer, payee, amount)}; a transfer is one REPEATABLE READ (snapshot)
 * transaction: two reads by key, two updates by key, one ledger insert, COMMIT. Each client
 * thread has its own connection; a connection that breaks (08xxx: its node died) is replaced by a
 * new one, which the driver opens on the next live node of the URL.
 */
final class SqlBankStore implements BankStore {
    private final String url;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    /** The transfer's statements, prepared once per connection (a PREPARE is a round trip). */
    private final ThreadLocal<Statements> statements = new ThreadLocal<>();
    private final Queue<Connection> opened = new ConcurrentLinkedQueue<>();

    SqlBankStore(String url) {
        this.url = url;
    }

    private record Statements(Connection owner, PreparedStatement select, PreparedStatement update, PreparedStatement ledger) {
    }

    private Statements statements(Connection c) throws SQLException {
        Statements s = statements.get();
        if (s == null || s.owner() != c) {
            s = new Statements(c, c.prepareStatement("SELECT balance FROM bank_accounts WHERE id = ?"),
                    c.prepareStatement("UPDATE bank_accounts SET balance = ? WHERE id = ?"),
                    c.prepareStatement("INSERT INTO bank_ledger VALUES (?, ?, ?, ?)"));
            statements.set(s);
        }
        return s;
    }

    private Connection connection() throws SQLException {
        Connection c = connection.get();
        if (c == null || c.isClosed()) {
            c = DriverManager.getConnection(url);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.set(c);
            opened.add(c);
        }
        return c;
    }

    @Override
    public void setUp(int accounts, long balance, PrintStream out) throws Failure {
        try {
            Connection c = connection();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bank_accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS bank_ledger (id BIGINT PRIMARY KEY, payer BIGINT NOT NULL, payee BIGINT NOT NULL, "
                        + "amount BIGINT NOT NULL)");
                c.commit();
                long existing;
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bank_accounts")) {
                    rs.next();
                    existing = rs.getLong(1);
                }
                c.commit();
                if (existing == accounts) {
                    out.println("bank: reusing " + accounts + " existing accounts");
                    return;
                }
                if (existing != 0) {
                    throw new Failure(Outcome.FAILED, "table bank_accounts holds " + existing + " accounts, not " + accounts
                            + "; use the same --accounts or a fresh cluster", null);
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bank_accounts VALUES (?, ?)")) {
                for (int a = 0; a < accounts; a++) {
                    insert.setLong(1, a);
                    insert.setLong(2, balance);
                    insert.addBatch();
                    if ((a + 1) % BankWorkload.SETUP_BATCH == 0 || a == accounts - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
            out.println("bank: created " + accounts + " accounts with balance " + balance + " each (SQL table bank_accounts)");
        } catch (SQLException e) {
            throw failure(e, false);
        }
    }

    @Override
    public void transfer(long from, long to, long amount, long transferId) throws Failure {
        boolean committing = false;
        try {
            Connection c = connection();
            try {
                Statements st = statements(c);
                long fromBalance = balance(st.select(), from);
                long toBalance = balance(st.select(), to);
                long moved = Math.min(amount, fromBalance);
                st.update().setLong(1, fromBalance - moved);
                st.update().setLong(2, from);
                st.update().executeUpdate();
                st.update().setLong(1, toBalance + moved);
                st.update().setLong(2, to);
                st.update().executeUpdate();
                st.ledger().setLong(1, transferId);
                st.ledger().setLong(2, from);
                st.ledger().setLong(3, to);
                st.ledger().setLong(4, moved);
                st.ledger().executeUpdate();
                committing = true;
                c.commit();
            } catch (SQLException e) {
                if (!committing) {
                    rollbackQuietly(c);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e, committing);
        }
    }

    private static long balance(PreparedStatement select, long account) throws SQLException {
        select.setLong(1, account);
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("bank account " + account + " does not exist", "55000");
            }
            return rs.getLong(1);
        }
    }

    @Override
    public long[] snapshotTotal() throws Failure {
        try {
            Connection c = connection();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SUM(balance), COUNT(*) FROM bank_accounts")) {
                rs.next();
                long[] out = {rs.getLong(1), rs.getLong(2)};
                c.commit();
                return out;
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e, false);
        }
    }

    @Override
    public long lost(List<Acked> acked) throws Failure {
        try {
            Connection c = connection();
            Set<Long> ids = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM bank_ledger")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            c.commit();
            return acked.stream().filter(a -> !ids.contains(a.transferId())).count();
        } catch (SQLException e) {
            throw failure(e, false);
        }
    }

    /**
     * 40001/40P01: retry. 40003, or a broken connection while committing: the outcome is unknown.
     * A broken connection before the commit: the transaction is gone, retry on a new connection.
     */
    private Failure failure(SQLException e, boolean committing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String label = "SQLState " + state;
        if (state.startsWith("08")) {
            Connection broken = connection.get();
            connection.remove();
            statements.remove();
            if (broken != null) {
                closeQuietly(broken);
            }
            return new Failure(committing ? Outcome.UNKNOWN : Outcome.RETRY, label, e);
        }
        return switch (state) {
            case "40001", "40P01", "55P03" -> new Failure(Outcome.RETRY, label, e);
            case "40003" -> new Failure(Outcome.UNKNOWN, label, e);
            default -> new Failure(Outcome.FAILED, label + " " + e.getMessage(), e);
        };
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // a broken connection rolls back by itself (its session ends)
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection has nothing left to do
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = opened.poll()) != null) {
            closeQuietly(c);
        }
    }
}
