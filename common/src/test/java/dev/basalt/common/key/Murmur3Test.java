package dev.basalt.common.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Published MurmurHash3 x86_32 test vectors. */
class Murmur3Test {

    private static int hash(String text, int seed) {
        return Murmur3.hash32(text.getBytes(StandardCharsets.UTF_8), seed);
    }

    @Test
    void emptyInputHashesToTheFinalizedSeed() {
        assertEquals(0, Murmur3.hash32(new byte[0]));
        assertEquals(0x514E28B7, hash("", 1));
        assertEquals(0x81F16F39, hash("", 0xFFFFFFFF));
    }

    @Test
    void fourZeroBytesWithSeedZero() {
        assertEquals(0x2362F9DE, Murmur3.hash32(new byte[4]));
    }

    @Test
    void textWithSeedZero() {
        assertEquals(0x248BFA47, hash("hello", 0));
        assertEquals(0x2E4FF723, hash("The quick brown fox jumps over the lazy dog", 0));
    }

    @Test
    void everyTailLengthWithSeed9747b28c() {
        int seed = 0x9747B28C;
        assertEquals(0x7FA09EA6, hash("a", seed));
        assertEquals(0x74875592, hash("ab", seed));
        assertEquals(0xC84A62DD, hash("abc", seed));
        assertEquals(0xF0478627, hash("abcd", seed));
        assertEquals(0x5A97808A, hash("aaaa", seed));
        assertEquals(0x24884CBA, hash("Hello, world!", seed));
        assertEquals(0x2FA826CD, hash("The quick brown fox jumps over the lazy dog", seed));
    }
}
