package dev.basalt.placement;

/**
 * Every key of the meta group, named in one place. The meta group is a small replicated sorted
 * map (see {@code dev.basalt.placement.meta.MetaState}); these are its keys:
 * <pre>
 *   node/&lt;id&gt;           a node's addresses ({@link NodeInfo}), written when the meta leader first hears of it
 *   liveness/&lt;id&gt;       u64 wall-clock ms until which the node counts as live, renewed by the meta leader
 *   range/&lt;id, 20 digits&gt; a range's descriptor, kept only if its generation is newer than the stored one
 *   decommission/&lt;id&gt;   present while a node is being drained
 *   gateway/&lt;id&gt;        a transaction gateway's report: [i64 oldest active start ts][i64 expires at, wall ms]
 *   tso/high-water      u64 timestamp: every timestamp the oracle ever issued lies below it
 *   ids/range           u64 next free range id
 *   catalog/...         reserved for the SQL catalog
 *   users/current       the SQL users and their SCRAM verifiers, one blob (sql-planner's UserCodec)
 *   users/version       its version, counted up by every CREATE/ALTER/DROP USER (compare-and-set)
 * </pre>
 */
public final class MetaKeys {
    public static final String NODE_PREFIX = "node/";
    public static final String LIVENESS_PREFIX = "liveness/";
    public static final String RANGE_PREFIX = "range/";
    public static final String DECOMMISSION_PREFIX = "decommission/";
    public static final String GATEWAY_PREFIX = "gateway/";
    public static final String TSO_HIGH_WATER = "tso/high-water";
    public static final String RANGE_IDS = "ids/range";
    /** Reserved for the SQL catalog: nothing in placement writes under it. */
    public static final String CATALOG_PREFIX = "catalog/";
    /** The SQL catalog, one blob (sql-planner's CatalogCodec). */
    public static final String CATALOG = CATALOG_PREFIX + "current";
    /** The catalog's version, counted up by every DDL (compare-and-set). */
    public static final String CATALOG_VERSION = CATALOG_PREFIX + "version";
    /** The counter SQL table ids are allocated from. */
    public static final String TABLE_IDS = CATALOG_PREFIX + "table-ids";

    /** Reserved for the SQL users: nothing in placement writes under it. */
    public static final String USERS_PREFIX = "users/";
    /** The users with their password verifiers, one blob; never a password. */
    public static final String USERS = USERS_PREFIX + "current";
    /** The users' version, counted up by every change (compare-and-set). */
    public static final String USERS_VERSION = USERS_PREFIX + "version";

    private MetaKeys() {
    }

    public static String node(int nodeId) {
        return NODE_PREFIX + nodeId;
    }

    public static String liveness(int nodeId) {
        return LIVENESS_PREFIX + nodeId;
    }

    /** Zero-padded so that ranges sort by id. */
    public static String range(long rangeId) {
        return RANGE_PREFIX + String.format("%020d", rangeId);
    }

    public static String decommission(int nodeId) {
        return DECOMMISSION_PREFIX + nodeId;
    }

    public static String gateway(String gatewayId) {
        return GATEWAY_PREFIX + gatewayId;
    }

    /** The node id at the end of a {@code prefix<id>} key. */
    public static int nodeIdOf(String key, String prefix) {
        return Integer.parseInt(key.substring(prefix.length()));
    }
}
