package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.KeyValue;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import dev.basalt.range.StorageKey;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The committed rows of {@code [start, end)} of one (table, index) as of a read timestamp, in key
 * order, fetched one page at a time. Because the slot follows the table and index in a storage key,
 * such a span visits the ranges in slot order: the cursor asks the range holding its position for
 * the part of the span inside that range's slots, follows the range's resume key while it cuts
 * pages short, then moves on to the first key of the next range's slots.
 */
final class SpanCursor {
    private final Transaction txn;
    private final RangeClient client;
    private final LockResolver resolver;
    private final long readTs;
    private final byte[] end;
    private final int pageRows;
    private final int reroutesMax;
    private final long tableId;
    private final int indexId;
    private final ArrayDeque<KeyValue> page = new ArrayDeque<>();
    private byte[] next;
    private boolean exhausted;

    SpanCursor(Transaction txn, RangeClient client, LockResolver resolver, long readTs, byte[] start, byte[] end, int pageRows,
               int reroutesMax) {
        this.txn = txn;
        this.client = client;
        this.resolver = resolver;
        this.readTs = readTs;
        this.next = start;
        this.end = end;
        this.pageRows = pageRows;
        this.reroutesMax = reroutesMax;
        this.tableId = StorageKey.tableId(start);
        this.indexId = StorageKey.indexId(start);
    }

    /** The next row, or null when the span is exhausted. */
    KeyValue peek() {
        while (page.isEmpty() && !exhausted) {
            fetch();
        }
        return page.peekFirst();
    }

    void pop() {
        page.removeFirst();
    }

    private void fetch() {
        if (Arrays.compareUnsigned(next, end) >= 0) {
            exhausted = true;
            return;
        }
        for (int attempt = 0; ; attempt++) {
            RangeDescriptor range = client.rangeOf(next);
            byte[] rangeEnd = range.slotEnd() == RangeDescriptor.SLOT_COUNT ? null : StorageKey.prefix(tableId, indexId, range.slotEnd());
            boolean lastRange = rangeEnd == null || Arrays.compareUnsigned(end, rangeEnd) <= 0;
            byte[] upper = lastRange ? end : rangeEnd;
            RangeResponse.Rows rows;
            try {
                rows = scan(range, upper);
            } catch (BasaltException e) {
                if (e.code() == ErrorCode.RANGE_MOVED && attempt < reroutesMax) {
                    continue;
                }
                throw e;
            }
            page.addAll(rows.rows());
            if (rows.resumeKey() != null) {
                next = rows.resumeKey();
            } else if (lastRange) {
                exhausted = true;
            } else {
                next = upper;
            }
            return;
        }
    }

    private RangeResponse.Rows scan(RangeDescriptor range, byte[] upper) {
        RangeRequest request = new RangeRequest.Scan(next, upper, readTs, pageRows);
        LockResolver.Wait wait = resolver.newWait();
        while (true) {
            RangeResponse r = client.execute(range.rangeId(), request);
            if (r instanceof RangeResponse.Rows rows) {
                return rows;
            }
            if (r instanceof RangeResponse.Locked l) {
                resolver.onLocked(txn, LockResolver.Role.READER, l.locks(), wait);
                continue;
            }
            throw new BasaltException(ErrorCode.INTERNAL_ERROR, "scan of range " + range.rangeId() + " answered " + r);
        }
    }
}
