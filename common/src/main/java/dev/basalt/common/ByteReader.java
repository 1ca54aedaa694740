package dev.basalt.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote. Every read checks the remaining length, and lengths are
 * checked against the bytes left, so a truncated or hostile input fails with
 * {@link ErrorCode#INVALID_REQUEST} instead of an index error or a huge allocation.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST,
                    "malformed message: needs " + n + " more bytes at offset " + pos + ", has " + (end - pos));
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public boolean bool() {
        int v = u8();
        if (v > 1) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: boolean byte " + v);
        }
        return v == 1;
    }

    public int i32() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long i64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    public byte[] bytes() {
        int n = i32();
        if (n == -1) {
            return null;
        }
        need(n);
        byte[] v = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return v;
    }

    /** Steps over what {@link #bytes()} would read, without copying it. */
    public void skipBytes() {
        int n = i32();
        if (n != -1) {
            need(n);
            pos += n;
        }
    }

    public String string() {
        byte[] b = bytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A count of items that follow, each at least {@code minItemBytes} long: bounded by what is left. */
    public int count(int minItemBytes) {
        int n = i32();
        if (n < 0 || (long) n * Math.max(1, minItemBytes) > end - pos) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: item count " + n
                    + " exceeds the " + (end - pos) + " bytes left");
        }
        return n;
    }

    public int remaining() {
        return end - pos;
    }

    public void expectEnd() {
        if (pos != end) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "malformed message: " + (end - pos) + " trailing bytes");
        }
    }
}
