package dev.basalt.jdbc.wire;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;

/**
 * CLOSE_CURSOR and CLOSE_STATEMENT: releases a cursor or a prepared statement. Encoded as
 * {@code i64 id}. Closing an id the session does not hold (already closed, or finished) is not an
 * error: the client sends these without waiting for the answer.
 */
public record CloseRequest(long id) {
    public byte[] encode() {
        return new ByteWriter().i64(id).toByteArray();
    }

    public static CloseRequest decode(byte[] b) {
        ByteReader r = new ByteReader(b);
        CloseRequest c = new CloseRequest(r.i64());
        r.expectEnd();
        return c;
    }
}
