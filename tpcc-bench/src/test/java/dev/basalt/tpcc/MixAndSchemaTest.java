package dev.basalt.tpcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transaction mix, the tables' keys and the result line: what needs no database. */
class MixAndSchemaTest {
    @Test
    void everyHundredCardsDealTheSpecsMix() {
        long seed = System.nanoTime();
        Deck deck = new Deck(new TpccRandom(seed, TpccRandom.Constants.LOAD));
        for (int round = 0; round < 5; round++) {
            Map<TxnType, Integer> dealt = new EnumMap<>(TxnType.class);
            for (int i = 0; i < TxnType.DECK_CARDS; i++) {
                dealt.merge(deck.deal(), 1, Integer::sum);
            }
            assertEquals(Map.of(TxnType.NEW_ORDER, 45, TxnType.PAYMENT, 43, TxnType.ORDER_STATUS, 4, TxnType.DELIVERY, 4,
                    TxnType.STOCK_LEVEL, 4), dealt, "round " + round + ", seed " + seed);
        }
    }

    @Test
    void everyQuarterOfTheDeckHoldsEachSmallTransactionOnce() {
        long seed = System.nanoTime();
        Deck deck = new Deck(new TpccRandom(seed, TpccRandom.Constants.LOAD));
        for (int quarter = 0; quarter < 12; quarter++) {
            Map<TxnType, Integer> dealt = new EnumMap<>(TxnType.class);
            for (int i = 0; i < TxnType.DECK_CARDS / Deck.QUARTERS; i++) {
                dealt.merge(deck.deal(), 1, Integer::sum);
            }
            for (TxnType small : List.of(TxnType.ORDER_STATUS, TxnType.DELIVERY, TxnType.STOCK_LEVEL)) {
                assertEquals(1, dealt.getOrDefault(small, 0), small + " in quarter " + quarter + ", seed " + seed);
            }
        }
    }

    @Test
    void everyKeyButItemsStartsWithTheWarehouse() {
        for (Schema.Table t : Schema.Table.values()) {
            String first = t.primaryKey().get(0);
            if (t == Schema.Table.ITEM) {
                assertEquals("I_ID", first);
            } else {
                assertTrue(first.matches("([A-Z]+_)?W_ID"), t + " key starts with " + first);
            }
            assertEquals(t.primaryKey(), t.columns().subList(0, t.primaryKey().size()).stream().map(Schema.Column::name).toList(),
                    t + ": key columns come first, in key order");
        }
        for (Schema.Index index : Schema.INDEXES) {
            assertTrue(index.columns().get(0).endsWith("_W_ID"), index.name());
        }
    }

    @Test
    void foreignKeysReferenceTheirParentsWholeKeyAndParentsComeFirst() {
        for (Schema.Table t : Schema.Table.values()) {
            for (Schema.ForeignKey fk : t.foreignKeys()) {
                assertEquals(fk.parent().primaryKey().size(), fk.columns().size(), t + " -> " + fk.parent());
                assertTrue(fk.parent().ordinal() < t.ordinal(), fk.parent() + " is created after its child " + t);
            }
        }
        assertEquals("CREATE TABLE NEW_ORDER (NO_W_ID INT NOT NULL, NO_D_ID INT NOT NULL, NO_O_ID INT NOT NULL, "
                        + "PRIMARY KEY (NO_W_ID, NO_D_ID, NO_O_ID), CONSTRAINT FK_NEW_ORDER_1 FOREIGN KEY (NO_W_ID, NO_D_ID, NO_O_ID) "
                        + "REFERENCES OORDER (O_W_ID, O_D_ID, O_ID))",
                Schema.createTable(Schema.Table.NEW_ORDER));
        assertEquals("INSERT INTO NEW_ORDER VALUES (?, ?, ?)", Schema.Table.NEW_ORDER.insertAll());
        assertEquals(List.of("DROP TABLE IF EXISTS ORDER_LINE CASCADE"), Schema.dropAll(Dialect.BASALT).subList(0, 1));
    }

    @Test
    void dialectComesFromTheUrl() {
        assertEquals(Dialect.BASALT, Dialect.of("jdbc:basalt://127.0.0.1:7001,127.0.0.1:7002/"));
        assertEquals(Dialect.POSTGRESQL, Dialect.of("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"));
        assertEquals(Dialect.OTHER, Dialect.of("jdbc:h2:mem:x"));
    }

    @Test
    void retryableStatesAreTheConflictsOnly() {
        assertTrue(SqlErrors.retryable(new java.sql.SQLException("x", "40001")));
        assertTrue(SqlErrors.retryable(new java.sql.SQLException("x", "40P01")));
        assertTrue(SqlErrors.retryable(new java.sql.SQLException("x", "40002")));
        assertTrue(SqlErrors.retryable(new SqlErrors.LostRace("another Delivery took it")));
        assertTrue(!SqlErrors.retryable(new java.sql.SQLException("x", "40003")), "commit outcome unknown is not retried");
        assertTrue(!SqlErrors.retryable(new java.sql.SQLException("x", "23505")));
        assertTrue(SqlErrors.connectionLost(new java.sql.SQLException("x", "08006")));
    }

    @Test
    void theResultLineHasEveryFieldInOrder() {
        Driver.Settings settings = new Driver.Settings("jdbc:basalt://127.0.0.1:1/", 2, 8, 3, 0, false,
                Connections.Isolation.REPEATABLE_READ, 7);
        Stats stats = new Stats();
        for (int i = 0; i < 30; i++) {
            stats.completed(TxnType.NEW_ORDER, 5_000_000, i == 0);
            stats.completed(TxnType.PAYMENT, 2_000_000, false);
        }
        stats.retried(TxnType.PAYMENT);
        Stats.Totals totals = new Stats.Totals();
        totals.add(stats.tick());
        Driver.Measurement m = new Driver.Measurement(settings, 3, totals, List.of(), Map.of(), 0, stats.completedWholeRun(), List.of());
        Consistency.Result ok = new Consistency.Result(List.of(new Consistency.Condition(1, "W_YTD = sum(D_YTD)", 0, List.of())));
        String line = new RunReport(m, ok, null).line();
        assertEquals("tpcc: warehouses=2 terminals=8 seconds=3 neworder_per_min=580.0 tpmc=600.0 p50_ms=2.00 p99_ms=5.00 aborts=1 "
                + "retries=1 errors=0 consistency=OK", line);
        assertTrue(new RunReport(m, null, "no connection").line().endsWith("consistency=FAIL"));
    }
}
