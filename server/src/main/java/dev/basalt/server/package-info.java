/**
 * The node process, the command line and the checker. Nothing here decides where data lives, how
 * a request is routed or how a transaction commits: those live in range-store, placement and
 * txn-manager. This module assembles a node from their parts and drives them from the outside.
 *
 * <h2>A node: {@code internal}</h2>
 * {@link dev.basalt.server.internal.Node} builds a node from its
 * {@link dev.basalt.server.internal.NodeConfig}: the range store (RocksDB and Raft, hosting the
 * meta group beside the ranges), membership, the meta service, the timestamp oracle and its
 * client, the router, replica administration, snapshot shipping, status, bootstrap, and the
 * garbage collector of txn-manager, and the SQL engine of sql-planner with the node's transaction
 * manager (the gateway of its client sessions, reporting their oldest transaction for garbage
 * collection). Its only logic is a dispatch table from node-protocol method
 * numbers ({@code NodeMethods}) to the handlers those components own, merged so that a number
 * registered twice fails at start, and the schedule of their rounds:
 * <pre>
 *   every 500 ms   membership gossip (HELLO); meta upkeep: liveness records, view refresh, reconcile
 *   every 1 s      placement driver round (on the meta leader)
 *   every 60 s     garbage collection (on the meta leader)
 * </pre>
 * Gossip, meta upkeep and the driver (with garbage collection) run on separate threads, so a slow
 * driver move never delays gossip.
 * {@code NodeConfig} refuses a garbage-collection retention shorter than a transaction's lifetime
 * ({@code GC_RETENTION_MS_MIN = Transaction.LIFETIME_MS_MAX}).
 *
 * <h2>Client connections: {@code internal.client}</h2>
 * Every connection to the listen port gets its own
 * {@link dev.basalt.server.internal.client.ClientConnectionHandler}: node-protocol methods go to
 * the dispatch table; client methods (100 and up, {@code jdbc.wire.ClientMethods}) go to the SQL
 * session that CONNECT opens on that connection, one request at a time in arrival order on the
 * node's session pool, and the session ends, rolling back its transaction, when the connection
 * closes. On a cluster with users CONNECT opens no session by itself: the node's
 * {@link dev.basalt.server.internal.client.ClientAuthenticator} answers with a SCRAM-SHA-256
 * challenge and opens the session only after AUTHENTICATE proves the password (28P01 otherwise);
 * the arithmetic is common's, the users are sql-planner's. {@code MetaCatalogStore} and
 * {@code MetaUserStore} keep sql-planner's catalog and users in the meta group.
 *
 * <h2>Embedded nodes: {@code embedded}</h2>
 * {@link dev.basalt.server.embedded.EmbeddedNodeProvider} is the JDBC driver's
 * {@code dev.basalt.jdbc.spi.EmbeddedNodes} provider, registered for {@code ServiceLoader} in
 * {@code META-INF/services}: for {@code jdbc:basalt:mem:[name]} and {@code jdbc:basalt:file:path}
 * it starts a {@link dev.basalt.server.internal.Node} in the application's JVM (node 1, alone in its
 * cluster: created on the first open, reopened later), shares it among the connections to the same
 * name or directory by reference count, and stops it when the last one closes (a {@code mem:}
 * node deletes its temporary directory, a {@code file:} node keeps its data) or when the JVM exits.
 * The driver reaches it over its client port like any node. With {@code listen=HOST:PORT} other
 * nodes join it with {@code basalt start --join}, and placement grows it into a replicated cluster.
 *
 * <h2>The command line: {@code cli}</h2>
 * {@link dev.basalt.server.cli.Cli} runs the subcommands of {@code bin/basalt}: {@code start} (a
 * node in the foreground), {@code init} (the ranges, then the superuser {@code basalt} with the
 * password given or a generated one printed once, unless {@code --no-users}), {@code status}, {@code node decommission|recommission},
 * {@code range split}, {@code bench commit}, {@code bench txn} and {@code bench sql}, {@code sql},
 * {@code bank}, {@code demo} and {@code check}, one picocli command class each ({@code StartCommand}, {@code InitCommand}, …), every one
 * answering {@code --help}. Everything but
 * {@code start} talks to the cluster from outside, over the node protocol, mostly through
 * placement's {@code ClusterClient} and txn-manager's {@code TransactionManager}, or through the
 * JDBC driver ({@code sql}, {@code bench sql}, {@code bank}, with {@code --user}/{@code --password}
 * added to the URL by {@code Credentials}). The bank
 * workload ({@code bank}, and {@code demo} with node kills) ends in one verdict line: OK requires
 * every snapshot total to equal the expected total, every snapshot to see every account, and no
 * acknowledged transfer to be missing from the ledger.
 *
 * <h2>Local clusters</h2>
 * {@link dev.basalt.server.internal.LocalCluster} runs several node processes on this machine, each
 * a separate JVM running {@code basalt start} with its own data directory: what {@code demo},
 * {@code check} and the cluster tests use. Its {@code init} creates the ranges only, so these
 * clusters have no users and accept every connection. It kills (SIGKILL), pauses (SIGSTOP) and resumes
 * (SIGCONT) nodes, and restarts them on the same ports and data. By default every node listens on
 * 127.0.0.1 with ephemeral ports. With {@link dev.basalt.server.internal.NetworkNamespaces} (root
 * and iproute2 needed) each node gets its own Linux network namespace on a private bridge, so a
 * partition can cut node-to-node traffic silently while the checker, on the host, still reaches
 * every node.
 *
 * <h2>The checker: {@code check}</h2>
 * {@code bin/basalt check} is a Jepsen-style run ({@link dev.basalt.server.check.Check}): a local
 * cluster with fault injection on, clients running a workload through the transaction API, the
 * nemesis injecting faults, then a heal, final reads, a history file and a verdict line:
 * <pre>
 *   check: workload=W nemesis=N ops=O ok=A failed=F unknown=U anomalies=[...] lost=L max_stall_s=X verdict=OK|FAIL
 * </pre>
 * <ul>
 *   <li>{@code workload}: list-append (Elle), bank with a ledger, registers. Each operation is
 *       recorded as OK, FAIL (certainly not applied) or INFO (outcome unknown); a client that got
 *       INFO goes on under a fresh process id.</li>
 *   <li>{@link dev.basalt.server.check.nemesis.Nemesis}: kill, pause, partition, clock, leader,
 *       split, meta (kill the meta leader), one faulty node at a time on a seeded schedule, each
 *       fault and heal recorded in the history; after a heal the next fault waits until the
 *       cluster is whole again (bounded by {@code RECOVERY_MS_MAX}).</li>
 *   <li>{@code history}: the history model, the
 *       {@link dev.basalt.server.check.history.Recorder} (every invocation and completion gets the
 *       next index under one lock, so index order is real-time order; at most {@code OPS_MAX}
 *       events), and the JSON-lines file, so {@code check --analyze FILE} judges a run again.</li>
 *   <li>{@code analysis}: the checkers, pure functions from a history to a verdict (see that
 *       package).</li>
 * </ul>
 * <b>The verdict is OK only if the checker finds no anomaly the claimed isolation forbids, nothing
 * acknowledged was lost, and no stretch of the run longer than {@code STALL_S_MAX} seconds went
 * without an acknowledged operation.</b>
 */
package dev.basalt.server;
