package dev.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.ByteWriter;
import dev.basalt.placement.NodeMethods;
import dev.basalt.placement.routing.ClusterClient;
import dev.basalt.range.StorageKey;
import dev.basalt.server.internal.LocalCluster;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import dev.basalt.txn.TxnConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A range's new leader must not commit below reads its predecessor served, whatever its own clock
 * says (review point 1). Node processes on separate clocks: the replica that takes over runs
 * {@link #BEHIND_MS} behind the others. A writer starts, then a reader reads the key at a later
 * snapshot on the old leader, then leadership moves to the slow node and the writer commits in one
 * phase there. Had the new leader taken its read floor from its own clock, the commit would land
 * below the reader's snapshot and the reader's second read would differ from its first.
 */
class ReadFloorClockSkewTest {
    static final long BEHIND_MS = 10_000;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aOnePhaseCommitOnANewLeaderWhoseClockIsBehindLandsAboveTheReadsItsPredecessorServed() throws Exception {
        try (LocalCluster cluster = ClusterHarness.startCluster("skew", 3, 1, List.of("--rebalance", "off", "--fault-injection", "on"));
             ClusterClient client = new ClusterClient(cluster.addresses());
             TransactionManager txns = new TransactionManager(client, TxnConfig.defaults())) {
            ClusterHarness.await(cluster, "a leader for range 1", 60_000, () -> ClusterHarness.leaders(client).containsKey(1L));
            int oldLeader = ClusterHarness.leaders(client).get(1L);
            int metaLeader = client.status().metaLeader();
            int slow = cluster.nodeIds().stream().filter(n -> n != oldLeader && n != metaLeader).findFirst()
                    .orElseGet(() -> cluster.nodeIds().stream().filter(n -> n != oldLeader).findFirst().orElseThrow());
            client.call(cluster.address(slow), NodeMethods.SET_CLOCK_OFFSET, new ByteWriter(8).i64(-BEHIND_MS).toByteArray(), 10_000);

            byte[] key = StorageKey.of(7, 0, 1_000, bytes("k"));
            try (Transaction setup = txns.begin(IsolationLevel.SNAPSHOT, false)) {
                setup.put(key, bytes("before"));
                setup.commit();
            }
            try (Transaction writer = txns.begin(IsolationLevel.SNAPSHOT, false);
                 Transaction reader = txns.begin(IsolationLevel.SNAPSHOT, true)) {
                writer.put(key, bytes("after"));
                assertTrue(reader.readTs() > writer.startTs());
                assertEquals("before", new String(reader.get(key), StandardCharsets.UTF_8), "first read, on node " + oldLeader);

                client.callNode(oldLeader, NodeMethods.TRANSFER_LEADER, new ByteWriter().i64(1).i32(slow).toByteArray(), 30_000);
                ClusterHarness.await(cluster, "node " + slow + " leading range 1", 60_000,
                        () -> Integer.valueOf(slow).equals(ClusterHarness.leaders(client).get(1L)));

                long commitTs = writer.commit(); // one phase, on the slow node
                assertTrue(commitTs > reader.readTs(), "the commit at " + commitTs + " landed at or below the snapshot "
                        + reader.readTs() + " of a read node " + oldLeader + " served; node " + slow + "'s clock is "
                        + BEHIND_MS + " ms behind");
                assertEquals("before", new String(reader.get(key), StandardCharsets.UTF_8),
                        "second read of the same snapshot, on node " + slow);
                reader.commit();
            }
        }
    }
}
