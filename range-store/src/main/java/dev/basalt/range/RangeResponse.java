package dev.basalt.range;

import java.util.List;

/** What a range answers. Failures travel as {@link dev.basalt.common.BasaltException}s instead. */
public sealed interface RangeResponse {

    /** The request succeeded and has nothing to return. */
    record Ok() implements RangeResponse {
    }

    /** The value of a key ({@code null} when absent or deleted). */
    record Value(byte[] value) implements RangeResponse {
    }

    /** Rows of a scan; {@code resumeKey} is non-null when the scan stopped at its limit. */
    record Rows(List<KeyValue> rows, byte[] resumeKey) implements RangeResponse {
    }

    /** A one-phase commit succeeded at {@code commitTs}. */
    record Committed(long commitTs) implements RangeResponse {
    }

    /**
     * The request met other transactions' locks; the caller must wait for them or resolve them
     * through their primaries, then retry. Nothing was changed.
     */
    record Locked(List<LockInfo> locks) implements RangeResponse {
    }

    /** The state of a transaction as decided by its primary key. */
    record TxnStatus(State state, long commitTs, long lockTtlMs) implements RangeResponse {
        public enum State { LOCKED, COMMITTED, ROLLED_BACK }
    }

    /**
     * This node does not lead the range; {@code leaderNodeId} is the leader it knows of, or -1.
     * The caller retries there.
     */
    record NotLeader(long rangeId, int leaderNodeId) implements RangeResponse {
    }
}
