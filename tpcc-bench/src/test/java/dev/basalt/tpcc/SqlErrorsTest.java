package dev.basalt.tpcc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which errors a run that kills nodes on purpose may tolerate ({@code --tolerate-connection-loss}). */
class SqlErrorsTest {
    @Test
    void onlyLostConnectionsAndUnknownOutcomesCountAsCausedByALostNode() {
        Map<String, Object[]> kinds = new LinkedHashMap<>();
        kinds.put("new-order 08006", new Object[] {3L, "connection lost"});
        kinds.put("payment 08003", new Object[] {1L, "connection closed"});
        kinds.put("delivery 40003", new Object[] {2L, "commit outcome unknown"});
        kinds.put("payment 23505", new Object[] {5L, "duplicate key"});
        kinds.put("stock-level lost-race", new Object[] {7L, "update count"});
        kinds.put("other kinds", new Object[] {11L, "more kinds"});
        assertEquals(6, SqlErrors.fromLostConnections(kinds));
        assertEquals(0, SqlErrors.fromLostConnections(Map.of()));
    }
}
