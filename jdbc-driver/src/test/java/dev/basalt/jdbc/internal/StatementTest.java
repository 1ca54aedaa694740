package dev.basalt.jdbc.internal;

import static dev.basalt.jdbc.internal.ConnectionTest.open;
import static dev.basalt.jdbc.internal.ConnectionTest.updateCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ErrorCode;
import dev.basalt.jdbc.wire.BatchRequest;
import dev.basalt.jdbc.wire.BatchResponse;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.CloseRequest;
import dev.basalt.jdbc.wire.ColumnMeta;
import dev.basalt.jdbc.wire.ExecuteRequest;
import dev.basalt.jdbc.wire.ExecuteResult;
import dev.basalt.jdbc.wire.FetchRequest;
import dev.basalt.jdbc.wire.RowsPage;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Statement execution, paging, results and errors against a fake node. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatementTest {
    static final ColumnMeta ID = new ColumnMeta("ID", "ID", "T", Types.INTEGER, "INTEGER", 10, 0, false);
    static final ColumnMeta NAME = new ColumnMeta("NAME", "NAME", "T", Types.VARCHAR, "VARCHAR", 20, 0, true);

    /** Rows 1..n as {id, "name-id"}. */
    static List<Object[]> rows(int from, int to) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            rows.add(new Object[] {i, "name-" + i});
        }
        return rows;
    }

    /** EXECUTE answers rows 1..3 with cursor 5; FETCH answers the scripted pages in order. */
    static void scriptPagedQuery(FakeNode node, long cursorId, List<Object[]> firstPage, List<RowsPage> pages) {
        node.answer(ClientMethods.EXECUTE, payload ->
                new ExecuteResult.Rows(List.of(ID, NAME), firstPage, cursorId, ExecuteResult.AUTOCOMMIT).encode());
        Deque<RowsPage> queue = new ArrayDeque<>(pages);
        node.answer(ClientMethods.FETCH, payload -> {
            synchronized (queue) {
                return queue.removeFirst().encode(2);
            }
        });
    }

    @Test
    void aQueryReadsEveryPageWithFetch() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            scriptPagedQuery(node, 5, rows(1, 3), List.of(new RowsPage(rows(4, 5), true), new RowsPage(rows(6, 6), false)));
            s.setFetchSize(2);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT ID, NAME FROM T")) {
                assertTrue(rs.isBeforeFirst());
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                    assertEquals("name-" + rs.getInt("id"), rs.getString("Name"));
                }
                assertTrue(rs.isAfterLast());
            }
            assertEquals(List.of(1, 2, 3, 4, 5, 6), ids);
            ExecuteRequest sent = ExecuteRequest.decode(node.requests(ClientMethods.EXECUTE).get(0).payload());
            assertEquals(2, sent.fetchSize());
            List<FakeNode.Request> fetches = node.requests(ClientMethods.FETCH);
            assertEquals(2, fetches.size());
            assertEquals(new FetchRequest(5, 2), FetchRequest.decode(fetches.get(0).payload()));
            assertTrue(node.requests(ClientMethods.CLOSE_CURSOR).isEmpty(), "a finished cursor is closed by the server");
        }
    }

    @Test
    void closingEarlySendsCloseCursor() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            scriptPagedQuery(node, 9, rows(1, 3), List.of());
            ResultSet rs = s.executeQuery("SELECT ID, NAME FROM T");
            assertTrue(rs.next());
            rs.close();
            rs.close();
            assertTrue(rs.isClosed());
            List<FakeNode.Request> closes = node.awaitRequests(ClientMethods.CLOSE_CURSOR, 1, 10_000);
            assertEquals(9, CloseRequest.decode(closes.get(0).payload()).id());
            assertTrue(node.requests(ClientMethods.FETCH).isEmpty());
            assertEquals("55000", assertThrows(SQLException.class, rs::next).getSQLState());
        }
    }

    @Test
    void theDefaultPageSizeIsUsedWithoutAFetchSize() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            scriptPagedQuery(node, 5, rows(1, 1), List.of(new RowsPage(rows(2, 2), false)));
            try (ResultSet rs = s.executeQuery("SELECT ID, NAME FROM T")) {
                while (rs.next()) {
                    assertTrue(rs.getInt(1) > 0);
                }
            }
            FetchRequest fetch = FetchRequest.decode(node.requests(ClientMethods.FETCH).get(0).payload());
            assertEquals(BasaltResultSet.FETCH_ROWS_DEFAULT, fetch.maxRows());
            assertEquals(0, ExecuteRequest.decode(node.requests(ClientMethods.EXECUTE).get(0).payload()).fetchSize());
        }
    }

    @Test
    void maxRowsIsSentAndEnforced() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            scriptPagedQuery(node, 5, rows(1, 3), List.of());
            s.setMaxRows(2);
            int count = 0;
            try (ResultSet rs = s.executeQuery("SELECT ID, NAME FROM T")) {
                while (rs.next()) {
                    count++;
                }
            }
            assertEquals(2, count);
            assertEquals(2, ExecuteRequest.decode(node.requests(ClientMethods.EXECUTE).get(0).payload()).maxRows());
            node.awaitRequests(ClientMethods.CLOSE_CURSOR, 1, 10_000);
        }
    }

    @Test
    void updateCountsAndTheEndOfResults() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            node.answer(ClientMethods.EXECUTE, payload -> updateCount(3, false, true));
            assertFalse(s.execute("UPDATE T SET A = 1"));
            assertEquals(3, s.getUpdateCount());
            assertEquals(3, s.getLargeUpdateCount());
            assertNull(s.getResultSet());
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());
            assertEquals(3, s.executeUpdate("UPDATE T SET A = 1"));
            assertEquals(3L, s.executeLargeUpdate("UPDATE T SET A = 1"));
            SQLException noRows = assertThrows(SQLException.class, () -> s.executeQuery("UPDATE T SET A = 1"));
            assertEquals("02000", noRows.getSQLState());
        }
    }

    @Test
    void aResultSetMakesTheUpdateCountMinusOne() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            scriptPagedQuery(node, 0, rows(1, 2), List.of());
            assertTrue(s.execute("SELECT ID, NAME FROM T"));
            assertEquals(-1, s.getUpdateCount());
            ResultSet rs = s.getResultSet();
            assertSame(s, rs.getStatement());
            assertFalse(s.getMoreResults());
            assertTrue(rs.isClosed());
            assertNull(s.getResultSet());
            assertEquals(-1, s.getUpdateCount());
            SQLException rowsForUpdate = assertThrows(SQLException.class, () -> s.executeUpdate("SELECT ID, NAME FROM T"));
            assertEquals("0100E", rowsForUpdate.getSQLState());
        }
    }

    @Test
    void aNewExecuteClosesThePreviousResultSet() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            Statement s = c.createStatement();
            scriptPagedQuery(node, 0, rows(1, 2), List.of());
            ResultSet first = s.executeQuery("SELECT ID, NAME FROM T");
            s.executeQuery("SELECT ID, NAME FROM T");
            assertTrue(first.isClosed());
            s.close();
            assertTrue(s.isClosed());
            assertEquals("55000", assertThrows(SQLException.class, () -> s.execute("SELECT 1")).getSQLState());
        }
    }

    @Test
    void closeOnCompletionClosesTheStatementWithItsResultSet() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node)) {
            scriptPagedQuery(node, 0, rows(1, 1), List.of());
            Statement s = c.createStatement();
            s.closeOnCompletion();
            s.executeQuery("SELECT ID, NAME FROM T").close();
            assertTrue(s.isClosed());
        }
    }

    @Test
    void aBatchIsOneRoundTrip() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            node.answer(ClientMethods.EXECUTE_BATCH, payload -> new BatchResponse(new long[] {1, 2, Statement.SUCCESS_NO_INFO}).encode());
            assertArrayEquals(new int[0], s.executeBatch());
            s.addBatch("INSERT INTO T VALUES (1)");
            s.addBatch("UPDATE T SET A = 2");
            s.addBatch("DELETE FROM T");
            assertArrayEquals(new int[] {1, 2, Statement.SUCCESS_NO_INFO}, s.executeBatch());
            List<FakeNode.Request> batches = node.requests(ClientMethods.EXECUTE_BATCH);
            assertEquals(1, batches.size());
            BatchRequest sent = BatchRequest.decode(batches.get(0).payload());
            assertEquals(0, sent.statementId());
            assertEquals(List.of("INSERT INTO T VALUES (1)", "UPDATE T SET A = 2", "DELETE FROM T"), sent.sqls());
            assertArrayEquals(new int[0], s.executeBatch(), "the batch is cleared after it ran");
        }
    }

    @Test
    void aFailedBatchIsABatchUpdateExceptionWithTheServersState() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            node.fail(ClientMethods.EXECUTE_BATCH, ErrorCode.UNIQUE_VIOLATION, "duplicate key value violates unique constraint");
            s.addBatch("INSERT INTO T VALUES (1)");
            BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
            assertEquals("23505", e.getSQLState());
            assertEquals(0, e.getUpdateCounts().length);
            assertInstanceOf(SQLIntegrityConstraintViolationException.class, e.getCause());
        }
    }

    @Test
    void serverErrorsKeepTheirSqlStateAndClass() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            node.fail(ClientMethods.EXECUTE, ErrorCode.SERIALIZATION_FAILURE, "write conflict on key 17");
            SQLException conflict = assertThrows(SQLException.class, () -> s.execute("UPDATE T SET A = 1"));
            assertInstanceOf(SQLTransactionRollbackException.class, conflict);
            assertEquals("40001", conflict.getSQLState());
            assertEquals(0, conflict.getErrorCode());
            assertEquals("write conflict on key 17", conflict.getMessage());

            node.fail(ClientMethods.EXECUTE, ErrorCode.UNIQUE_VIOLATION, "duplicate key");
            SQLException duplicate = assertThrows(SQLException.class, () -> s.execute("INSERT INTO T VALUES (1)"));
            assertInstanceOf(SQLIntegrityConstraintViolationException.class, duplicate);
            assertEquals("23505", duplicate.getSQLState());

            node.fail(ClientMethods.EXECUTE, ErrorCode.UNDEFINED_TABLE, "table NOPE does not exist");
            assertInstanceOf(SQLSyntaxErrorException.class, assertThrows(SQLException.class, () -> s.execute("SELECT * FROM NOPE")));
            assertTrue(c.isValid(1), "statement errors leave the connection usable");
        }
    }

    @Test
    void theQueryTimeoutIs57014AndNotSqlTimeoutException() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            node.hang(ClientMethods.EXECUTE);
            s.setQueryTimeout(1);
            assertEquals(1, s.getQueryTimeout());
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT SLEEP(10)"));
            assertEquals("57014", e.getSQLState());
            assertFalse(e instanceof SQLTimeoutException);
            assertTrue(c.isValid(5), "a query timeout leaves the connection usable");
        }
    }

    @Test
    void generatedKeysAreAnEmptyResult() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            node.answer(ClientMethods.EXECUTE, payload -> updateCount(1, false, true));
            s.executeUpdate("INSERT INTO T VALUES (1)", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertFalse(keys.next());
                assertEquals(0, keys.getMetaData().getColumnCount());
            }
        }
    }

    @Test
    void badSettingsAreRefused() throws Exception {
        try (FakeNode node = new FakeNode(); Connection c = open(node); Statement s = c.createStatement()) {
            assertEquals("22023", assertThrows(SQLException.class, () -> s.setFetchSize(-1)).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class, () -> s.setMaxRows(-1)).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class, () -> s.setQueryTimeout(-1)).getSQLState());
            s.setLargeMaxRows(10);
            assertEquals(10, s.getMaxRows());
            s.cancel();
            assertSame(c, s.getConnection());
        }
    }
}
