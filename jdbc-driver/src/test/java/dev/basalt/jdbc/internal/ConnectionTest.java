package dev.basalt.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ErrorCode;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ExecuteResult;
import dev.basalt.jdbc.wire.SetSessionRequest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection behaviour against a fake node: transactions, settings, liveness, breaking. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionTest {
    static Connection open(FakeNode node) throws SQLException {
        return Connector.connect(node.url(), new Properties());
    }

    static byte[] updateCount(long count, boolean transactionOpen, boolean autocommit) {
        return new ExecuteResult.UpdateCount(count, ExecuteResult.sessionFlags(transactionOpen, autocommit)).encode();
    }

    private static SetSessionRequest setSession(FakeNode.Request r) {
        assertEquals(ClientMethods.SET_SESSION, r.method());
        return SetSessionRequest.decode(r.payload());
    }

    @Test
    void autocommitIsOnByDefaultAndCommitInItIsRefusedLikePgJdbc() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            assertTrue(c.getAutoCommit());
            SQLException commit = assertThrows(SQLException.class, c::commit);
            assertEquals("25P01", commit.getSQLState());
            assertEquals("Cannot commit when autoCommit is enabled.", commit.getMessage());
            assertEquals("25P01", assertThrows(SQLException.class, c::rollback).getSQLState());
            assertEquals(List.of("CONNECT"), node.methods());
        }
    }

    @Test
    void settingAutocommitSendsSetSessionOnlyWhenItChanges() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            c.setAutoCommit(true);
            c.setAutoCommit(false);
            c.setAutoCommit(false);
            assertFalse(c.getAutoCommit());
            List<FakeNode.Request> sets = node.requests(ClientMethods.SET_SESSION);
            assertEquals(1, sets.size());
            assertEquals(new SetSessionRequest("autocommit", "false"), setSession(sets.get(0)));
        }
    }

    @Test
    void commitAndRollbackAreSentWhileATransactionIsOpen() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.answer(ClientMethods.EXECUTE, payload -> updateCount(1, true, false));
            c.setAutoCommit(false);
            c.commit(); // nothing open yet: no round trip
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE T SET A = 1");
                c.commit();
                s.executeUpdate("UPDATE T SET A = 2");
                c.rollback();
                c.rollback(); // nothing open any more
            }
            assertEquals(List.of("CONNECT", "SET_SESSION", "EXECUTE", "COMMIT", "EXECUTE", "ROLLBACK"), node.methods());
        }
    }

    @Test
    void switchingAutocommitOnCommitsTheOpenTransaction() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.answer(ClientMethods.EXECUTE, payload -> updateCount(1, true, false));
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("INSERT INTO T VALUES (1)");
            node.clear();
            c.setAutoCommit(true);
            assertEquals(List.of("COMMIT", "SET_SESSION"), node.methods());
            assertEquals(new SetSessionRequest("autocommit", "true"), setSession(node.requests().get(1)));
        }
    }

    @Test
    void sqlTextThatOpensATransactionIsSeenThroughTheSessionFlags() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.answer(ClientMethods.EXECUTE, payload -> updateCount(0, true, false));
            c.createStatement().execute("BEGIN");
            assertFalse(c.getAutoCommit());
            c.commit();
            assertEquals("COMMIT", node.methods().get(node.methods().size() - 1));
        }
    }

    @Test
    void afterAFailedStatementCommitIsSentEvenIfTheStateIsUnknown() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.fail(ClientMethods.EXECUTE, ErrorCode.UNIQUE_VIOLATION, "duplicate key");
            c.setAutoCommit(false);
            assertThrows(SQLException.class, () -> c.createStatement().execute("INSERT INTO T VALUES (1)"));
            c.rollback();
            assertTrue(node.methods().contains("ROLLBACK"));
        }
    }

    @Test
    void serializableIsRefusedWith22023AndNotSent() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            SQLException e = assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
            assertInstanceOf(SQLDataException.class, e);
            assertEquals("22023", e.getSQLState());
            assertEquals(ErrorCode.ISOLATION_NOT_SUPPORTED.code(), e.getErrorCode());
            assertTrue(e.getMessage().contains("REPEATABLE_READ"), e.getMessage());
            assertFalse(e instanceof SQLFeatureNotSupportedException);
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertTrue(node.requests(ClientMethods.SET_SESSION).isEmpty());
        }
    }

    @Test
    void isolationLevelsMapLikePostgres() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED); // runs as READ COMMITTED: nothing to send
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            List<FakeNode.Request> sets = node.requests(ClientMethods.SET_SESSION);
            assertEquals(new SetSessionRequest("isolation", "4"), setSession(sets.get(0)));
            assertEquals(new SetSessionRequest("isolation", "2"), setSession(sets.get(1)));
            assertEquals(2, sets.size());
            assertEquals("22023", assertThrows(SQLException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_NONE))
                    .getSQLState());
        }
    }

    @Test
    void readOnlyAndSchemaAreSentWhenTheyChange() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            assertFalse(c.isReadOnly());
            assertEquals("PUBLIC", c.getSchema());
            c.setReadOnly(false);
            c.setSchema("PUBLIC");
            c.setReadOnly(true);
            c.setSchema("SALES");
            assertTrue(c.isReadOnly());
            assertEquals("SALES", c.getSchema());
            List<FakeNode.Request> sets = node.requests(ClientMethods.SET_SESSION);
            assertEquals(new SetSessionRequest("readonly", "true"), setSession(sets.get(0)));
            assertEquals(new SetSessionRequest("schema", "SALES"), setSession(sets.get(1)));
            c.setCatalog("ignored");
            assertEquals("shop", c.getCatalog());
        }
    }

    @Test
    void isValidIsAPingAndFalseOnceClosed() throws Exception {
        try (FakeNode node = new FakeNode()) {
            Connection c = open(node);
            assertTrue(c.isValid(1));
            assertEquals(1, node.requests(ClientMethods.PING).size());
            c.close();
            c.close();
            assertTrue(c.isClosed());
            assertFalse(c.isValid(1));
            assertEquals("08003", assertThrows(SQLException.class, c::createStatement).getSQLState());
        }
    }

    @Test
    void isValidIsFalseWhenThePingIsNotAnsweredInTime() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.hang(ClientMethods.PING);
            assertFalse(c.isValid(1));
        }
    }

    @Test
    void aConnectionClassErrorBreaksTheConnectionForGood() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.fail(ClientMethods.EXECUTE, ErrorCode.CONNECTION_DOES_NOT_EXIST, "no session on this connection");
            Statement s = c.createStatement();
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
            assertInstanceOf(SQLNonTransientConnectionException.class, e);
            assertEquals("08003", e.getSQLState());
            int requestsSoFar = node.requests().size();
            SQLException later = assertThrows(SQLException.class, () -> c.createStatement());
            assertInstanceOf(SQLNonTransientConnectionException.class, later);
            assertEquals("08003", later.getSQLState());
            assertTrue(later.getMessage().contains("no session on this connection"), later.getMessage());
            assertFalse(c.isValid(1));
            assertEquals(requestsSoFar, node.requests().size(), "nothing is sent on a broken connection");
            assertFalse(c.isClosed(), "broken is not closed: the application still closes it");
        }
    }

    @Test
    void aLostNodeBreaksTheConnection() throws Exception {
        FakeNode node = new FakeNode();
        Connection c = open(node);
        node.close();
        SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute("SELECT 1"));
        assertTrue(e.getSQLState().startsWith("08"), e.getSQLState());
        assertFalse(c.isValid(1));
        c.close();
    }

    @Test
    void theNetworkTimeoutClosesAConnectionThatStopsAnswering() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            node.hang(ClientMethods.EXECUTE);
            c.setNetworkTimeout(executor, 200);
            assertEquals(200, c.getNetworkTimeout());
            SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute("SELECT 1"));
            assertEquals("08006", e.getSQLState());
            assertFalse(e instanceof SQLTimeoutException);
            assertFalse(c.isValid(1));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void abortClosesOnTheExecutor() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (FakeNode node = new FakeNode()) {
            Connection c = open(node);
            c.abort(executor);
            assertTrue(c.isClosed());
            assertFalse(c.isValid(1));
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingTheConnectionClosesItsStatementsWithoutRequests() throws Exception {
        try (FakeNode node = new FakeNode()) {
            Connection c = open(node);
            Statement s = c.createStatement();
            c.close();
            assertTrue(s.isClosed());
            assertEquals(List.of("CONNECT"), node.methods());
        }
    }

    @Test
    void metadataDescribesBasalt() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            DatabaseMetaData md = c.getMetaData();
            assertEquals("Basalt", md.getDatabaseProductName());
            assertEquals(FakeNode.SERVER_VERSION, md.getDatabaseProductVersion());
            assertEquals(0, md.getDatabaseMajorVersion());
            assertEquals(1, md.getDatabaseMinorVersion());
            assertEquals("\"", md.getIdentifierQuoteString());
            assertTrue(md.storesUpperCaseIdentifiers());
            assertTrue(md.supportsTransactions());
            assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED));
            assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ));
            assertFalse(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
            assertEquals(node.url(), md.getURL());
            assertNull(md.getUserName());
            assertEquals(c, md.getConnection());
            try (ResultSet rs = md.getClientInfoProperties()) {
                assertEquals("NAME", rs.getMetaData().getColumnLabel(1));
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void unsupportedKindsOfStatementsAreFeatureNotSupported() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareCall("CALL P()"));
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY));
            assertThrows(SQLFeatureNotSupportedException.class,
                    () -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
            c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY).close();
            assertTrue(c.isWrapperFor(BasaltConnection.class));
            assertEquals("SELECT {fn NOW()}", c.nativeSQL("SELECT {fn NOW()}"));
            c.setClientInfo("ApplicationName", "tpcc");
            assertEquals("tpcc", c.getClientInfo("ApplicationName"));
        }
    }
}
