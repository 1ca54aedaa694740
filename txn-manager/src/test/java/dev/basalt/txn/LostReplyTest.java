package dev.basalt.txn;

import static dev.basalt.txn.TestKeys.bytes;
import static dev.basalt.txn.TestKeys.key;
import static dev.basalt.txn.TestKeys.newTable;
import static dev.basalt.txn.TestKeys.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Commits through a network that loses requests and replies (seeded). Whatever is lost, a commit
 * that returns must have all its writes visible, exactly once; a commit that fails definitely must
 * have none; only COMMIT_OUTCOME_UNKNOWN may leave either - but then all or nothing. 3 nodes, 4
 * ranges, 1 replica each.
 */
class LostReplyTest {
    private static final long TTL_MS = TxnConfig.LOCK_TTL_MS_DEFAULT;
    private static final int TRANSACTIONS = 80;
    private static TxnTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TxnTestCluster.start(3, 4, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    enum Outcome { COMMITTED, FAILED, UNKNOWN }

    /** One transaction of the run: the keys it wrote besides the counter, and how its commit ended. */
    record Attempt(int id, boolean twoPhase, List<byte[]> keys, Outcome outcome, String detail) {
    }

    @Test
    void everyCommitIsAllOrNothingAndReportedTruthfully() {
        long seed = Long.getLong("basalt.seed", System.nanoTime()); // -Dbasalt.seed=... replays a run
        String where = "seed " + seed;
        Random random = new Random(seed);
        LossyRouter lossy = new LossyRouter(cluster.router(), random.nextLong(), 0.08, 0.12);
        TxnConfig config = TxnConfig.defaults().withLockWaitMsMax(5_000).withCommitOutcomeWaitMsMax(200);
        long table = newTable();
        // The counter lives in range 0; one-phase transactions write a key next to it, two-phase ones keys in ranges 1 and 2.
        byte[] counter = key(table, 0, 1, "counter");
        List<Attempt> attempts = new ArrayList<>();
        try (TransactionManager manager = new TransactionManager(lossy, config)) {
            for (int i = 0; i < TRANSACTIONS; i++) {
                cluster.clock().advanceMs(TTL_MS + 1); // what earlier failures left locked is now resolvable
                boolean twoPhase = i % 2 == 1;
                List<byte[]> keys = twoPhase
                        ? List.of(key(table, 1, 100 + i, "t" + i), key(table, 2, 100 + i, "t" + i))
                        : List.of(key(table, 0, 100 + i, "t" + i));
                Transaction t = manager.begin(IsolationLevel.SNAPSHOT, false);
                Outcome outcome;
                String detail = "";
                try {
                    byte[] seen = t.get(counter);
                    t.put(counter, bytes(Integer.toString(seen == null ? 1 : Integer.parseInt(str(seen)) + 1)));
                    for (byte[] k : keys) {
                        t.put(k, bytes("t" + i));
                    }
                    if (random.nextInt(6) == 0) {
                        lossy.armBlackout(random.nextInt(twoPhase ? 4 : 1), random.nextBoolean());
                    }
                    t.commit();
                    outcome = Outcome.COMMITTED;
                } catch (BasaltException e) {
                    outcome = e.code() == ErrorCode.COMMIT_OUTCOME_UNKNOWN ? Outcome.UNKNOWN : Outcome.FAILED;
                    detail = e.toString();
                    assertNotEquals(ErrorCode.INTERNAL_ERROR, e.code(), where + ": transaction " + i + ": " + e);
                    if (outcome == Outcome.UNKNOWN) {
                        assertEquals(Transaction.State.OUTCOME_UNKNOWN, t.state(), where);
                    } else {
                        assertEquals(Transaction.State.ABORTED, t.state(), where);
                    }
                } finally {
                    lossy.lift();
                }
                attempts.add(new Attempt(i, twoPhase, keys, outcome, detail));
            }
        }

        cluster.clock().advanceMs(TTL_MS + 1);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int present = 0;
        try (TransactionManager verifier = new TransactionManager(cluster.router(), TxnConfig.defaults())) {
            Transaction reader = verifier.begin(IsolationLevel.SNAPSHOT, true);
            for (Attempt a : attempts) {
                counts.merge(a.outcome(), 1, Integer::sum);
                String about = where + ": transaction " + a.id() + (a.twoPhase() ? " (2PC)" : " (1PC)") + " " + a.outcome() + " " + a.detail();
                List<byte[]> values = reader.getAll(a.keys());
                long visible = values.stream().filter(v -> v != null).count();
                switch (a.outcome()) {
                    case COMMITTED -> {
                        assertEquals(a.keys().size(), visible, about + ": reported committed, so every write must be visible");
                        values.forEach(v -> assertEquals("t" + a.id(), str(v), about));
                    }
                    case FAILED -> assertEquals(0, visible, about + ": reported failed, so no write may be visible");
                    case UNKNOWN -> assertTrue(visible == 0 || visible == a.keys().size(), about + ": all or nothing");
                    default -> fail(about);
                }
                if (visible > 0) {
                    present++;
                }
            }
            byte[] finalCounter = reader.get(counter);
            int counted = finalCounter == null ? 0 : Integer.parseInt(str(finalCounter));
            assertEquals(present, counted, where + ": the counter counts each committed transaction exactly once " + counts);
            if (present == 0) {
                assertNull(finalCounter, where);
            }
        }
        System.out.println("LostReplyTest " + where + ": outcomes " + counts + ", " + present + " committed");
        assertTrue(counts.getOrDefault(Outcome.COMMITTED, 0) > 0, where + ": some commits get through " + counts);
    }
}
