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
import java.util.concurrent.CompletableFuture;

/**
 * The committed rows of {@code [start, end)} of one (table, index) as of a read timestamp, in key
 * order, fetched one page at a time. Because the slot follows the table and index in a storage key,
 * such a span visits the ranges in slot order: the cursor asks the range holding its position for
 * the part of the span inside that range's slots, follows the range's resume key while it cuts
 * pages short, then moves on to the first key of the next range's slots. While it reads one range
 * it has the first pages of the next {@link #RANGES_AHEAD} ranges fetched concurrently (read-ahead),
 * so a scan over many ranges waits for about one round trip per {@code RANGES_AHEAD + 1} ranges;
 * a read-ahead page that failed or met a lock is simply fetched again when the cursor gets there.
 */
final class SpanCursor {
    /** Ranges past the current one whose first page is fetched ahead. */
    static final int RANGES_AHEAD = 3;

    private final Transaction txn;
    private final RangeClient client;
    private final LockResolver resolver;
    private final long readTs;
    private final byte[] end;
    private final int pageRows;
    private final int reroutesMax;
    private final long tableId;
    private final int indexId;
    private final int filterKind;
    private final byte[] filter;
    private final ArrayDeque<KeyValue> page = new ArrayDeque<>();
    /** Read-ahead requests in key order; {@code aheadFrom} is where the next one would start. */
    private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();
    private byte[] aheadFrom;

    /** The first page of one range's part of the span, requested ahead of the cursor. */
    private record Ahead(byte[] from, byte[] upper, boolean lastRange, CompletableFuture<RangeResponse> response) {
    }
    private byte[] next;
    private boolean exhausted;

    SpanCursor(Transaction txn, RangeClient client, LockResolver resolver, long readTs, byte[] start, byte[] end, int pageRows,
               int reroutesMax, int filterKind, byte[] filter) {
        this.txn = txn;
        this.client = client;
        this.resolver = resolver;
        this.readTs = readTs;
        this.next = start;
        this.end = end;
        this.pageRows = pageRows;
        this.reroutesMax = reroutesMax;
        this.filterKind = filterKind;
        this.filter = filter;
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
        txn.checkCancelled(); // once per page: a cancelled scan stops within one page
        if (Arrays.compareUnsigned(next, end) >= 0) {
            exhausted = true;
            return;
        }
        RangeResponse.Rows early = takeAhead();
        if (early != null) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            RangeDescriptor range = client.rangeOf(next);
            byte[] upper = upperIn(range);
            boolean lastRange = Arrays.equals(upper, end);
            RangeResponse.Rows rows;
            try {
                rows = scan(range, upper);
            } catch (BasaltException e) {
                if (e.code() == ErrorCode.RANGE_MOVED && attempt < reroutesMax) {
                    continue;
                }
                throw e;
            }
            accept(rows, upper, lastRange);
            if (aheadFrom == null || Arrays.compareUnsigned(aheadFrom, upper) < 0) {
                aheadFrom = upper;
            }
            readAhead();
            return;
        }
    }

    /** Where the span's part inside {@code range} ends: the range's last slot or the span's end. */
    private byte[] upperIn(RangeDescriptor range) {
        byte[] rangeEnd = range.slotEnd() == RangeDescriptor.SLOT_COUNT ? null : StorageKey.prefix(tableId, indexId, range.slotEnd());
        return rangeEnd == null || Arrays.compareUnsigned(end, rangeEnd) <= 0 ? end : rangeEnd;
    }

    private void accept(RangeResponse.Rows rows, byte[] upper, boolean lastRange) {
        page.addAll(rows.rows());
        if (rows.resumeKey() != null) {
            next = rows.resumeKey();
        } else if (lastRange) {
            exhausted = true;
        } else {
            next = upper;
        }
    }

    /** Requests the first pages of the ranges after the current one, up to {@link #RANGES_AHEAD} in flight. */
    private void readAhead() {
        while (ahead.size() < RANGES_AHEAD && aheadFrom != null && Arrays.compareUnsigned(aheadFrom, end) < 0) {
            RangeDescriptor range = client.rangeOf(aheadFrom);
            byte[] upper = upperIn(range);
            RangeRequest request = new RangeRequest.Scan(aheadFrom, upper, readTs, pageRows, filterKind, filter);
            ahead.addLast(new Ahead(aheadFrom, upper, Arrays.equals(upper, end), client.executeAsync(range.rangeId(), request)));
            aheadFrom = upper;
        }
    }

    /**
     * The read-ahead page that starts where the cursor stands, taken into the page, or null when
     * there is none or it failed (the caller then reads that range itself).
     */
    private RangeResponse.Rows takeAhead() {
        while (!ahead.isEmpty() && Arrays.compareUnsigned(ahead.peekFirst().from(), next) < 0) {
            ahead.removeFirst(); // the cursor is past it (a range split under it, say)
        }
        Ahead a = ahead.peekFirst();
        if (a == null || !Arrays.equals(a.from(), next)) {
            return null;
        }
        ahead.removeFirst();
        RangeResponse response;
        try {
            response = a.response().join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return null;
        }
        if (!(response instanceof RangeResponse.Rows rows)) {
            return null; // locked: read it again and resolve the lock on the way
        }
        accept(rows, a.upper(), a.lastRange());
        readAhead();
        return rows;
    }

    private RangeResponse.Rows scan(RangeDescriptor range, byte[] upper) {
        RangeRequest request = new RangeRequest.Scan(next, upper, readTs, pageRows, filterKind, filter);
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
