package dev.basalt.range;

/**
 * A filter a range applies to the rows of a scan before it answers (DESIGN.md section 6:
 * filters and projections pushed into the ranges): the rows it drops never cross the network.
 * The range store knows nothing of rows' formats; the SQL layer supplies the filters, as a kind
 * and an opaque program that the node's {@link Factory} turns into a filter.
 *
 * <p>A filter may only drop rows the reader would drop itself (the reader filters again), and may
 * shorten a value to the columns the reader needs. A filter may also <em>absorb</em> rows: an
 * aggregating filter returns null for the rows it folds into its state and hands that state back
 * as a row of its own, from {@link #apply} when the state is full or from {@link #flush} when the
 * page ends. Such a row carries the key of the last row it absorbed, so a page's keys still ascend;
 * its reader knows what the filter's rows mean.
 */
public interface ScanFilter {
    /** The value to return for this row (possibly shortened, or the filter's own state), or null to leave the row out. */
    byte[] apply(byte[] key, byte[] value);

    /**
     * Called once when a page ends (with a resume key or at the end of the span): a value to add as
     * the page's last row, under the key of the last row looked at, or null for none. A filter that
     * absorbs no rows returns null, as the default does.
     */
    default byte[] flush() {
        return null;
    }

    /** Turns a scan request's filter (kind, program) into a filter; unknown kinds or bad programs throw. */
    interface Factory {
        ScanFilter create(int kind, byte[] program);

        /** A node whose SQL layer registered no filters: any filter in a request is refused. */
        Factory NONE = (kind, program) -> {
            throw new dev.basalt.common.BasaltException(dev.basalt.common.ErrorCode.INVALID_REQUEST,
                    "this node knows no scan filters; a scan asked for filter kind " + kind);
        };
    }
}
