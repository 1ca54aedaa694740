/**
 * Placement: where ranges live and how a request finds its range.
 *
 * <p>This module will hold the meta range (range 0) with node liveness, range descriptors and
 * the timestamp oracle; the range map cache with generation-checked routing; and the placement
 * driver that balances replicas and leaders, re-replicates away from dead nodes and splits ranges
 * (DESIGN.md section 5). It is built by the placement issue; until then a cluster uses the fixed
 * layout created by {@code bin/basalt init} and a node-local timestamp source.
 */
package dev.basalt.placement;
