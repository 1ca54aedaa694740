/**
 * The placement driver's plan: which replicas and leaders should move, as a pure function
 * {@link dev.basalt.placement.plan.Planner#plan plan(ClusterView) -> List&lt;Move&gt;}
 * (DESIGN.md section 5). The driver builds the view from every live node's replicas (its status
 * service) and membership; its executor carries out the moves as Raft membership changes and leadership transfers, then plans
 * again from a fresh view. Nothing here does I/O, keeps state or reads a clock, so every rule
 * below is tested by planning a view, applying the moves to it and looking at the result.
 *
 * <h2>The rules</h2>
 *
 * <p>A <b>target</b> is a node that is live and not decommissioning: the only place a replica or a
 * leader is ever moved to. With {@code t} targets and replication factor {@code RF}, each range
 * wants {@code min(RF, t)} replicas on targets.
 *
 * <ol>
 *   <li><b>Safety.</b> No node holds two replicas of a range. A replacement adds the new replica
 *       first and removes the old one only after the new one caught up, so a range never has
 *       fewer replicas than before. <b>No removal of a replica on a live node leaves its range
 *       fewer than {@code min(RF, t)} live replicas.</b>
 *   <li><b>Repair.</b> Replicas on down or decommissioning nodes are replaced on targets;
 *       under-replicated ranges are filled up; over-replicated ones are trimmed to {@code RF}.
 *       When there are fewer targets than {@code RF}, the replicas that cannot be replaced stay
 *       (removing them would only shrink the Raft group): down nodes' replicas are replaced first,
 *       decommissioning (still serving) ones are kept longest.
 *   <li><b>Replica balance.</b> Replica counts of the targets differ by at most one.
 *   <li><b>Leader balance.</b> Leader counts of the targets (ranges whose leader is known and on a
 *       target) differ by at most one whenever the ranges' replica sets allow it.
 *   <li><b>Minimal movement.</b> A balanced, repaired cluster gets an empty plan; otherwise as few
 *       moves as reach the rules above, followers before leaders.
 *   <li><b>Determinism.</b> The plan depends only on the view's content; ties go to the lowest node
 *       id, then the lowest range id.
 *   <li><b>Bounds.</b> At most {@code MOVES_MAX} moves, repairs first; the work is polynomial and
 *       small (100 nodes and 10,000 ranges plan in tens of milliseconds).
 * </ol>
 *
 * <h2>The algorithm</h2>
 *
 * <p>Three steps over one working copy of the view, each step seeing the moves of the previous ones
 * applied:
 *
 * <ol>
 *   <li><b>Repair</b>, range by range: pure additions, then replacements, then trims. Every new
 *       replica goes to the least loaded target that lacks the range. Pure additions come before
 *       replacements so that a replacement of a live (decommissioning) replica never runs while
 *       the range is short of live replicas.
 *   <li><b>Balance replicas</b>: while the most loaded target has at least two more replicas than
 *       the least loaded, move one from the first to the second, choosing a replica this plan itself
 *       added, else a follower, else a leader. Such a replica always exists: the most loaded node
 *       holds more ranges than the least loaded, so it holds one the other lacks.
 *   <li><b>Balance leaders</b>: transfer leaders along chains (the leader of r1 on node a moves to
 *       b, that of r2 on b moves to c), which changes only the counts at the chain's ends. A
 *       breadth-first search from the most loaded nodes finds the shortest chain to a node with at
 *       least two leaders fewer; when none exists, the nodes the search reached are set aside and
 *       the search goes on among the rest. A range's transfers are collapsed into one.
 * </ol>
 *
 * <p>A fourth node joining three, with 8 ranges on all of nodes 1-3 (leaders round-robin):
 *
 * <pre>
 *   replicas   node 1  node 2  node 3  node 4          leaders  node 1  node 2  node 3  node 4
 *   before        8       8       8       0                         3       3       2       0
 *   step 2        6       6       6       6    (6 moves: followers, each to node 4)
 *   step 3                                                          2       2       2       2
 *                                                 (2 transfers to node 4)
 * </pre>
 *
 * <h2>Why it moves as little as possible</h2>
 *
 * <ul>
 *   <li>Repairs are forced: every missing replica needs an addition, every replica that must go
 *       needs a replacement or a removal, and the two are paired so one move does both.
 *   <li>Step 2 takes from the current maximum and gives to the current minimum, so the maximum
 *       never rises and the minimum never falls: no node both gives and receives, and each replica
 *       moves at most once. Every count ends at {@code q} or {@code q + 1} ({@code q} the floor
 *       of the mean), and no giver ends at {@code q} while a receiver ends at {@code q + 1}: the
 *       receiver took its last replica when the minimum was {@code q} and the maximum at least
 *       {@code q + 2}; the giver gave its last when the maximum was {@code q + 1}, so later, and
 *       the minimum below {@code q}, but the minimum never falls. So either the givers gave only
 *       what they held above {@code q + 1}, or the receivers took only what they lacked below
 *       {@code q}; any balancing plan must move at least that much. Step 2 moves the fewest
 *       replicas that reach a spread of one from the counts the repairs leave.
 *   <li>A replica this plan added has not been copied yet; moving it again rewrites its addition
 *       instead of adding a second move, and step 2 prefers such replicas.
 *   <li>Step 3 uses the shortest chains and emits one transfer per range at most.
 * </ul>
 *
 * <h2>Why the leader balance is as good as it gets</h2>
 *
 * <p>Choosing leaders is a flow: each range sends one unit to one of its target replicas, and a
 * node's cost grows convexly with its count ({@code count^2}). A flow with convex costs is optimal
 * exactly when no cycle in its residual graph lowers the cost, and here such a cycle is a chain from
 * a node with {@code L} leaders to one with at most {@code L - 2}. When step 3 ends, no such chain
 * exists: the nodes set aside reach only nodes with at least one leader fewer than themselves. The
 * sum of squares is then minimal, and among counts with a given sum, those that differ by at most
 * one are exactly the ones with the least sum of squares, so if any choice of leaders achieves a
 * spread of one, this one does. The tests check this against an independent max-flow.
 *
 * <h2>Carrying out a plan</h2>
 *
 * <p>Moves of one range must run in plan order; moves of different ranges are independent. A
 * transfer may name a replica the same plan adds; it runs after that addition completed. A full
 * plan ({@code MOVES_MAX} moves) is the head of a longer one: repairs first, then balance, so a dead
 * node's replicas are never held up by rebalancing. After the moves ran, the driver plans again.
 *
 * <h2>What it does not do yet</h2>
 *
 * <ul>
 *   <li><b>Quorum.</b> A range whose live replicas are not a majority cannot change its membership,
 *       yet the planner still proposes its replacements. The driver must leave such ranges out of
 *       the view or the executor must skip their moves; recovering them is an operator's job.
 *   <li><b>Leaders on non-target nodes.</b> They are neither counted nor transferred; when their
 *       replica is replaced, the Raft group elects a new leader. Transferring first would spare an
 *       election timeout.
 *   <li><b>Weights.</b> Every replica counts as one: no range sizes, load or hot spots (splitting
 *       hot or large ranges is separate), no capacity per node.
 *   <li><b>Failure domains.</b> No zones or racks: replicas of a range may share a rack.
 *   <li><b>Pacing.</b> The plan does not limit concurrent snapshots per node; the executor does.
 * </ul>
 */
package dev.basalt.placement.plan;
