package dev.basalt.range;

/**
 * A filter a range applies to the rows of a scan before it answers (DESIGN.md section 6:
 * filters and projections pushed into the ranges): the rows it drops never cross the network.
 * The range store knows nothing of rows' formats; the SQL layer supplies the filters, as a kind
 * and an opaque program that the node's {@link Factory} turns into a filter.
 *
 * <p>A filter may only drop rows the reader would drop itself (the reader filters again), and may
 * shorten a value to the columns the reader needs.
 */
public interface ScanFilter {
    /** The value to return for this row (possibly shortened), or null to leave the row out. */
    byte[] apply(byte[] key, byte[] value);

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
