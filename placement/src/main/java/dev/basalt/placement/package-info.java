/**
 * Placement: the control plane (DESIGN.md section 5). Who is in the cluster, where each range
 * lives, how a request finds its range's leader, where timestamps come from, and who moves
 * replicas and leaders. A node is assembled from these parts in the server module; the logic is
 * here.
 *
 * <pre>
 *   meta        the meta group: replicated map of durable metadata, its cached view, its node protocol
 *   membership  gossip, liveness, the cluster clock
 *   tso         the timestamp oracle and its clients
 *   routing     the range map as a router: RangeRouter, ClusterRouter, ClusterClient
 *   replica     replica changes on a range's leader, snapshot shipping, status, cluster bootstrap
 *   driver      the placement driver and a node's meta upkeep rounds
 *   plan        the pure planning function of the driver
 *   (root)      node info, cluster status, node-protocol method numbers, meta keys, handler helpers
 * </pre>
 *
 * <h2>The meta group</h2>
 * {@link dev.basalt.placement.meta.MetaState} is the state of one Raft group, named {@code "meta"},
 * that the range store hosts beside the ranges (a {@code ReplicatedState}; it is not a range). It
 * is a small sorted map; every key is named in {@link dev.basalt.placement.MetaKeys}: the node
 * table, liveness deadlines, range descriptors, decommission marks, the gateways' reports of their
 * oldest active transaction, the oracle's high-water mark and the range id counter. Commands
 * (PUT, DELETE, PUT_ALL, ADVANCE, ALLOCATE, DESCRIPTORS) apply deterministically in log order.
 * <b>A stored descriptor is replaced only by one of a higher generation</b>, so late or repeated
 * reports never roll a range back, and both halves of a split are recorded in one entry, so the
 * map never shows a slot in two ranges.
 *
 * <p>{@link dev.basalt.placement.meta.MetaService} is a node's access to the group: a member that
 * leads and has applied its term's first entry proposes a command, any other node forwards it to
 * the leader it knows (at most {@code FORWARDS_MAX} hops). The placement driver keeps the group
 * at {@code REPLICATION_FACTOR} (3) healthy members once three nodes exist. Every node caches a
 * {@link dev.basalt.placement.meta.MetaView} (nodes, liveness, descriptors, decommission marks,
 * members, leader): read from its own member, or fetched with {@code META_VIEW} from a node that
 * has one. The view is a cache for routing and status; a replica never applies anything from it.
 *
 * <h2>Membership and the cluster clock</h2>
 * {@link dev.basalt.placement.membership.Membership}: every {@code HEARTBEAT_MS} (500 ms) a node
 * sends HELLO (its info, the nodes it knows, its clock) to every node it knows and to its join
 * addresses, and merges the table each reply carries; the table is persisted, so a restarted node
 * knows its peers. <b>Liveness is decided by the meta group</b> once it holds a node's record: the
 * meta leader ({@link dev.basalt.placement.driver.NodeUpkeep}) renews {@code liveness/<id>} to the
 * cluster clock plus the down timeout for every node that greeted it within half the timeout, all
 * in one entry; before a record exists, "greeted this node within the timeout" stands in. Each
 * HELLO reply carries the replier's clock, from which a node estimates each peer's offset (error:
 * half the round trip). {@code clusterNowMs()} is the median of this node's clock and the peers'
 * samples younger than {@code CLOCK_SAMPLE_AGE_MS_MAX}: <b>one node whose clock is far off cannot
 * move the cluster clock far.</b> {@code SET_CLOCK_OFFSET} shifts a node's clock for fault
 * injection and is refused unless the node was started with it allowed.
 *
 * <h2>The timestamp oracle</h2>
 * {@link dev.basalt.placement.tso.TimestampOracle} runs on the meta leader. <b>It never issues a
 * timestamp at or below one already issued, and a timestamp issued after another was returned is
 * larger.</b> It hands out timestamps from memory below a high-water mark that it first persists
 * through the meta group's log (ADVANCE of {@code tso/high-water}, {@code WINDOW_MS} ahead of its
 * clock). A leader new in its term starts above the persisted mark, which lies above everything
 * any earlier leader issued. Every batch is served only after a linearizable-read barrier, so a
 * leader deposed while paused learns it before answering. <b>A fast clock cannot run the oracle
 * away</b>: its clock is the node's wall clock bounded to at most {@code CLOCK_AHEAD_MS_MAX}
 * (500 ms) ahead of the cluster clock; a slow clock is harmless, timestamps only grow. A batch holds
 * at most {@code BATCH_MAX} timestamps.
 *
 * <p>{@link dev.basalt.placement.tso.TimestampClient} draws for a node or a client: callers that
 * ask at once share one request, and a batch goes only to callers already waiting when it was
 * requested, so nothing is cached across time. It asks its own node's oracle first (on a node),
 * follows "not leader" hints, and gives up after {@code DRAW_DEADLINE_MS}.
 * {@link dev.basalt.placement.tso.TimestampService} answers {@code TIMESTAMPS}: the leader serves,
 * any other node names the leader (or, asked to forward, draws through its own client).
 *
 * <h2>Routing</h2>
 * {@link dev.basalt.placement.routing.RangeRouter} is what the transaction layer needs: the range
 * of a key, all ranges, a request sent to a range's leader, and an oracle timestamp.
 * {@link dev.basalt.placement.routing.ClusterRouter} implements it over the cached view and a
 * leader hint per range; a request for a range this node leads runs in-process. A "not leader"
 * answer that names a leader is followed at once; a hint outside the cached replica list
 * refreshes the view first. A
 * RANGE_MOVED answer refreshes the view until it shows a newer generation (at most
 * {@code MAP_REFRESH_WAIT_MS}): same slots, the request goes again; otherwise (a split) the caller
 * routes its keys again. Refreshing reads one node's view, never a cluster-wide fan-out.
 * Retryable failures are retried within {@code REQUEST_DEADLINE_MS}; <b>a failure whose outcome is
 * unknown keeps its code when the deadline passes</b>: only the transaction layer decides what an
 * unknown outcome means. {@link dev.basalt.placement.routing.ClusterClient} is the router of a
 * process outside the cluster (CLI, benchmarks, the checker): it fetches the view from the seed
 * addresses, draws timestamps, reads the cluster status, makes admin calls and forwards meta
 * commands (the gateways' reports).
 *
 * <h2>Replicas</h2>
 * {@link dev.basalt.placement.replica.ReplicaAdmin} changes replicas on the range's leader, as log
 * entries of the range, and then records the new descriptor in the meta group. <b>A replica joins
 * only from a snapshot</b>: the joining node fetches one from the leader
 * ({@link dev.basalt.placement.replica.SnapshotShipping}: {@code EXPORT_SNAPSHOT}, then
 * {@code SNAPSHOT_CHUNK}s of at most {@code CHUNK_BYTES_MAX}; at most {@code EXPORTS_MAX} exports
 * at once, each deleted after its last chunk or {@code EXPORT_AGE_MS_MAX}), starts its replica from
 * it, and the leader then adds it to the Raft configuration. So a replica of a range made by a
 * split holds the rows written before the split. A split takes a fresh range id from the meta
 * group's counter. Every few rounds a node reconciles its replicas with the view: a range it leads
 * whose descriptor is newer here than in meta is written to meta; a replica that meta shows moved
 * off this node is deleted. Reconciling never changes a replica's descriptor.
 * {@link dev.basalt.placement.replica.StatusService} asks every live node for its replicas and
 * merges the answers over the view; it never fails because of one node.
 * {@link dev.basalt.placement.replica.ClusterBootstrap} runs {@code init} once per cluster: meta
 * group on the first live nodes, first timestamp, range ids, ranges with equal slot intervals.
 *
 * <h2>The placement driver</h2>
 * {@link dev.basalt.placement.driver.PlacementDriver} runs on the meta leader every
 * {@code ROUND_MS}: it keeps the meta group on three healthy nodes, re-creates a replica a
 * configured node lost, splits the busiest range past the write threshold, and otherwise asks the
 * pure {@link dev.basalt.placement.plan.Planner} for moves and carries out at most
 * {@code MOVES_PER_ROUND_MAX} of them per round, each on its range's leader: add the new replica,
 * then remove the one it replaces. Moves only go to nodes heard from within {@code TARGET_HEARD_MS_MAX}. <b>Leadership
 * moves by Raft leadership transfer only</b>; Raft priorities are not used (see the range store's
 * {@code transferLeader}). A failed move is planned again next round from a fresh view.
 * {@link dev.basalt.placement.driver.NodeUpkeep} is every node's round: the meta leader records the
 * nodes it hears from, every node refreshes its view and reconciles its replicas.
 *
 * <h2>The root package</h2>
 * {@link dev.basalt.placement.NodeInfo} (a node's addresses), {@link dev.basalt.placement.ClusterStatus}
 * (what {@code basalt status} shows), {@link dev.basalt.placement.NodeMethods} (every method number
 * of the node protocol; a number is never reused), {@link dev.basalt.placement.MetaKeys},
 * {@link dev.basalt.placement.NodeDirectory} (what a node knows of the others) and
 * {@link dev.basalt.placement.Handlers}: a handler runs on a Netty event loop and hands blocking work
 * to an executor; a full executor answers SERVER_BUSY; a node's dispatch table is merged from each
 * component's handlers, and a number registered twice is a bug.
 */
package dev.basalt.placement;
