package dev.basalt.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;

/**
 * Reads the streams, readers and LOBs given to PreparedStatement setters into a String or a
 * byte[], bounded: a value must fit in one request frame of the transport (64 MiB), so anything
 * larger than {@link #BYTES_MAX} bytes or {@link #CHARS_MAX} characters is refused with 22001
 * before it is sent.
 */
final class Streams {
    /** 32 MiB: half a transport frame, so that the rest of a request still fits. */
    static final int BYTES_MAX = 32 * 1024 * 1024;
    /** A character takes up to 4 bytes of UTF-8. */
    static final int CHARS_MAX = BYTES_MAX / 4;
    /** The length argument when the setter did not give one. */
    static final long LENGTH_UNKNOWN = -1;
    private static final int BUFFER_CHARS = 8 * 1024;

    private Streams() {
    }

    /** Up to {@code length} characters (all of them for {@link #LENGTH_UNKNOWN}). */
    static String readChars(Reader reader, long length, String what) throws SQLException {
        if (reader == null) {
            return null;
        }
        long limit = checkLength(length, CHARS_MAX, "characters", what);
        StringBuilder s = new StringBuilder((int) Math.min(limit, BUFFER_CHARS));
        char[] buffer = new char[BUFFER_CHARS];
        try {
            while (s.length() < limit) {
                int n = reader.read(buffer, 0, (int) Math.min(buffer.length, limit - s.length()));
                if (n < 0) {
                    break;
                }
                s.append(buffer, 0, n);
            }
            if (length == LENGTH_UNKNOWN && s.length() == CHARS_MAX && reader.read() >= 0) {
                throw tooLong(what, CHARS_MAX, "characters");
            }
        } catch (IOException e) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, what + ": reading the stream failed: " + e.getMessage(), e);
        }
        return s.toString();
    }

    /** Up to {@code length} bytes (all of them for {@link #LENGTH_UNKNOWN}). */
    static byte[] readBytes(InputStream in, long length, String what) throws SQLException {
        if (in == null) {
            return null;
        }
        long limit = checkLength(length, BYTES_MAX, "bytes", what);
        try {
            byte[] bytes = in.readNBytes((int) limit);
            if (length == LENGTH_UNKNOWN && bytes.length == BYTES_MAX && in.read() >= 0) {
                throw tooLong(what, BYTES_MAX, "bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, what + ": reading the stream failed: " + e.getMessage(), e);
        }
    }

    static String readClob(Clob clob, String what) throws SQLException {
        if (clob == null) {
            return null;
        }
        long length = clob.length();
        checkLength(length, CHARS_MAX, "characters", what);
        return clob.getSubString(1, (int) length);
    }

    static byte[] readBlob(Blob blob, String what) throws SQLException {
        if (blob == null) {
            return null;
        }
        long length = blob.length();
        checkLength(length, BYTES_MAX, "bytes", what);
        return blob.getBytes(1, (int) length);
    }

    /** Bytes of a stream decoded as text, for setAsciiStream and setUnicodeStream. */
    static String readText(InputStream in, long length, java.nio.charset.Charset charset, String what) throws SQLException {
        byte[] bytes = readBytes(in, length, what);
        return bytes == null ? null : new String(bytes, charset);
    }

    private static long checkLength(long length, int max, String unit, String what) throws SQLException {
        if (length == LENGTH_UNKNOWN) {
            return max;
        }
        if (length < 0) {
            throw Errors.driver(SqlStates.INVALID_PARAMETER_VALUE, what + ": negative length " + length);
        }
        if (length > max) {
            throw tooLong(what, max, unit);
        }
        return length;
    }

    private static SQLException tooLong(String what, int max, String unit) {
        return Errors.driver(SqlStates.STRING_DATA_RIGHT_TRUNCATION, what + ": the value is longer than " + max + " "
                + unit + ", the most the driver sends in one value");
    }
}
