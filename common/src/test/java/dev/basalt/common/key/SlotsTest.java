package dev.basalt.common.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotsTest {

    @Test
    void thereAreSixtyFiveThousandFiveHundredThirtySixSlots() {
        assertEquals(65_536, Slots.COUNT);
    }

    @Test
    void slotIsTheUnsignedHashModuloTheSlotCount() {
        assertEquals(0, Slots.slotOf(new byte[0]));
        // Murmur3("hello") = 0x248BFA47; the high bit of 0xC0363E43 ("Hello, world!") is set.
        assertEquals(0xFA47, Slots.slotOf("hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0x3E43, Slots.slotOf("Hello, world!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everySlotIsInRange() {
        long seed = 0x5107L;
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[random.nextInt(24)];
            random.nextBytes(key);
            int slot = Slots.slotOf(key);
            assertTrue(slot >= 0 && slot < Slots.COUNT, "seed " + seed + ": slot " + slot);
        }
    }

    @Test
    void equalDecimalsOfDifferentScaleShareASlot() {
        KeyCodec codec = KeyCodec.of(KeyColumn.asc(KeyType.decimal(12, 2)));
        byte[] a = codec.encode(List.of(new BigDecimal("1.5")));
        byte[] b = codec.encode(List.of(new BigDecimal("1.50")));
        assertEquals(Slots.slotOf(a), Slots.slotOf(b));
    }
}
