package dev.basalt.range.store;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.range.RangeCodec;
import dev.basalt.range.RangeDescriptor;
import dev.basalt.range.RangeRequest;
import dev.basalt.range.RangeResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A range request as it travels between nodes, and the node-side handler for it:
 * <pre>
 *   request:  [i64 rangeId][i64 generation routed with][RangeCodec request]
 *   response: [RangeCodec response]           (failures travel as the transport's errors)
 * </pre>
 * A request routed with an older generation than this node's descriptor of the range (the range
 * split or its replicas changed since the sender read its map) is refused with RANGE_MOVED before
 * it reaches the range, and the sender refreshes its map.
 */
public final class RangeService {
    private final RangeStore store;

    public RangeService(RangeStore store) {
        this.store = store;
    }

    public static byte[] encodeRequest(RangeDescriptor routedWith, RangeRequest request) {
        ByteWriter w = new ByteWriter(64).i64(routedWith.rangeId()).i64(routedWith.generation());
        RangeCodec.writeRequest(w, request);
        return w.toByteArray();
    }

    public static RangeResponse decodeResponse(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        RangeResponse response = RangeCodec.readResponse(r);
        r.expectEnd();
        return response;
    }

    /** Runs an encoded request on this node's replica; completes with the encoded response. */
    public CompletableFuture<byte[]> handle(byte[] payload) {
        long rangeId;
        RangeRequest request;
        long generation;
        try {
            ByteReader r = new ByteReader(payload);
            rangeId = r.i64();
            generation = r.i64();
            request = RangeCodec.readRequest(r);
            r.expectEnd();
        } catch (BasaltException e) {
            return CompletableFuture.failedFuture(e);
        }
        RangeDescriptor known = store.findDescriptor(rangeId);
        if (known != null && generation > 0 && generation < known.generation()) {
            return CompletableFuture.failedFuture(new BasaltException(ErrorCode.RANGE_MOVED, "range " + rangeId
                    + " was routed with generation " + generation + "; it is at generation " + known.generation()));
        }
        return store.execute(rangeId, request).thenApply(response -> {
            ByteWriter w = new ByteWriter(64);
            RangeCodec.writeResponse(w, response);
            return w.toByteArray();
        });
    }
}
