/**
 * Keys: their column types, their order-preserving byte encoding, and the hash slot they fall in.
 *
 * <h2>Why bytes must sort like values</h2>
 *
 * <p>RocksDB orders keys by unsigned byte comparison, and every scan Basalt runs is a seek and a
 * walk over that order (DESIGN.md section 2: {@code [tableId][indexId][slot][key columns][MVCC]}).
 * For an index scan to return rows in SQL order, and for the rows that share leading key values
 * to form one contiguous span, one rule must hold:
 *
 * <p><b>{@code Arrays.compareUnsigned(encode(a), encode(b))} has the sign of the SQL comparison
 * of the tuples {@code a} and {@code b}, column by column.</b>
 *
 * <p>{@link dev.basalt.common.key.KeyCodec} keeps it; {@code KeyCodecPropertyTest} checks it on
 * random keys against a comparator written straight from the SQL order.
 *
 * <h2>One column</h2>
 *
 * <p>A column is a marker byte, {@code 0x00} for NULL (nothing follows) or {@code 0x01} for a
 * value, then the value's bytes:
 *
 * <pre>
 *  type           bytes after the 0x01 marker (ASC)            example
 *  BOOLEAN        0x00 false, 0x01 true                          TRUE        -&gt; 01
 *  SMALLINT       2 bytes big-endian, sign bit flipped           -32768      -&gt; 00 00
 *  INT            4 bytes big-endian, sign bit flipped           1           -&gt; 80 00 00 01
 *  BIGINT         8 bytes big-endian, sign bit flipped           -1          -&gt; 7F FF FF FF FF FF FF FF
 *  DATE           days since 1970-01-01, as INT                  1970-01-02  -&gt; 80 00 00 01
 *  TIMESTAMP      microseconds since 1970-01-01T00:00, as BIGINT
 *  DOUBLE         IEEE 754 bits; sign bit flipped if the sign     1.0         -&gt; BF F0 00 00 00 00 00 00
 *                 is clear, all bits inverted if it is set       -1.0        -&gt; 40 0F FF FF FF FF FF FF
 *  DECIMAL(p,s)   header, then the magnitude of the unscaled      0           -&gt; 80
 *                 value at scale s, big-endian, no leading zero   1.5 (s=2)   -&gt; 81 96        (150)
 *                 byte; header 0x80 + n for a positive value,     2.56 (s=2)  -&gt; 82 01 00     (256)
 *                 0x80 - n and magnitude inverted for a negative  -1.5 (s=2)  -&gt; 7F 69
 *  CHAR, VARCHAR  UTF-8, each 0x00 byte written as 00 FF,         "a\0é"      -&gt; 61 00 FF C3 A9 00 01
 *                 then the terminator 00 01
 * </pre>
 *
 * <p>Why each sorts correctly:
 *
 * <ul>
 *   <li><b>Integers, DATE, TIMESTAMP.</b> Flipping the sign bit of an n-bit two's complement
 *       number maps {@code [MIN, MAX]} onto {@code [0, 2^n - 1]} in order, and big-endian puts the
 *       most significant byte first. DATE is limited to 32-bit days (about 5.8 million years
 *       either side of 1970) and TIMESTAMP to 64-bit microseconds (years -290308 to 294247).
 *       A TIMESTAMP with digits below a microsecond is refused, never rounded.
 *   <li><b>DOUBLE.</b> The bits of a double with its sign clear grow with its value; setting the
 *       sign bit lifts them above every negative. The bits of a negative double grow as its value
 *       falls; inverting them all reverses that and clears the sign bit. SQL says -0.0 = 0.0, so
 *       -0.0 is stored as 0.0. Every NaN is stored as the one canonical NaN {@code 0x7FF8...},
 *       which becomes {@code FF F8 ...}, above +Infinity's {@code FF F0 ...}: NaN equals itself
 *       and sorts after every number, as in PostgreSQL.
 *   <li><b>DECIMAL.</b> Every value of a column is brought to the column's scale, exactly (1.5
 *       in DECIMAL(12,2) is 1.50; 1.005 does not fit), so comparing values is comparing unscaled
 *       integers {@code u}. The header puts negatives ({@code 0x70..0x7F}) before zero
 *       ({@code 0x80}) before positives ({@code 0x81..0x90}). A magnitude has no leading zero
 *       byte, so among positives more bytes means a larger value, and {@code 0x80 + n} grows with
 *       n; with equal lengths the big-endian bytes decide. Negatives mirror this: more bytes is
 *       more negative and {@code 0x80 - n} shrinks with n; with equal lengths the inverted bytes
 *       reverse the order. As {@code |u| < 10^38 < 2^127}, n is at most 16.
 *   <li><b>Strings.</b> UTF-8 byte order is code point order: a longer sequence starts with a
 *       larger lead byte, and the payload bits follow most significant first. Escaping decides
 *       what happens where one string ends: the next byte is {@code 00} if the string ends
 *       ({@code 00 01}) or has a NUL ({@code 00 FF}), and at least {@code 01} for any other
 *       character. So {@code "a" < "a\0" < "ab"}, and a string never compares against the
 *       column after it.
 * </ul>
 *
 * <h2>Composite keys</h2>
 *
 * <p>A key is its columns' encodings concatenated. Each column's encoding is self-delimiting: a
 * fixed width, a length in its header, or a terminator that cannot occur inside it. So no
 * encoding of a column is a prefix of another encoding of the same column, and two keys first
 * differ inside the first column whose values differ; if no values differ, the bytes are equal.
 * That makes byte order the lexicographic order of tuples. The encoding of the first k columns is
 * a byte prefix of the key of every row with those leading values, so it is where their scan
 * starts ({@link dev.basalt.common.key.KeyCodec#encodePrefix}).
 *
 * <h2>DESC</h2>
 *
 * <p>A DESC column is its ASC encoding with every byte inverted (XOR {@code 0xFF}), marker
 * included. Where two encodings first differ, inverting reverses the comparison; and inverting
 * keeps them self-delimiting, because the decoder inverts back before it looks for a length or a
 * terminator (in a DESC string the terminator is {@code FF FE}, an escaped NUL {@code FF 00}).
 * The whole order of the column is reversed, NULL included: a NULL is {@code FF}, after every
 * value ({@code FE ...}).
 *
 * <h2>Collation</h2>
 *
 * <p>Strings compare by Unicode code point: binary order, no locale, no case folding, trailing
 * spaces significant. CHAR(n) is not blank-padded here ('a' and 'a ' are different keys); the SQL
 * layer pads before it encodes if it wants padding semantics. Java's {@code String.compareTo}
 * compares UTF-16 units, which puts U+1F600 before U+FFFF; the key order does not. A string with
 * an unpaired surrogate is no Unicode text and is refused. Lengths count code points.
 *
 * <h2>One encoding per value</h2>
 *
 * <p>Equal values encode to equal bytes: 1.5 and 1.50 in a DECIMAL(12,2) column, -0.0 and 0.0,
 * every NaN. Keys are compared for equality by RocksDB and hashed into slots by
 * {@link dev.basalt.common.key.Slots}, and both would split one value into two otherwise. The
 * decoder accepts only bytes the encoder could have written, so a malformed, truncated or
 * non-canonical key fails with {@code INVALID_REQUEST}; a value that does not fit its type fails
 * to encode with {@code INVALID_VALUE}.
 *
 * <h2>Drawbacks</h2>
 *
 * <ul>
 *   <li>A DECIMAL key depends on the column's scale: changing a key column's scale rewrites its
 *       keys. A scale-free encoding (a normalized exponent and digits) would avoid that at the
 *       cost of a longer, harder format.
 *   <li>Integers and dates take their full width whatever their value; a variable-length integer
 *       format would save bytes on small values but needs a header like DECIMAL's.
 *   <li>The format is on disk and in slot hashes: changing it means rewriting every key. The
 *       examples above are pinned by {@code KeyCodecTest}.
 * </ul>
 */
package dev.basalt.common.key;
