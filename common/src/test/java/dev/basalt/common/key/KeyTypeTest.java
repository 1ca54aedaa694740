package dev.basalt.common.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import org.junit.jupiter.api.Test;

class KeyTypeTest {

    @Test
    void typesPrintAsTheirSqlSpelling() {
        assertEquals("INT", KeyType.integer().toString());
        assertEquals("DECIMAL(12,2)", KeyType.decimal(12, 2).toString());
        assertEquals("VARCHAR(16)", KeyType.varchar(16).toString());
        assertEquals("CHAR(3)", KeyType.character(3).toString());
        assertEquals("TIMESTAMP", KeyType.timestamp().toString());
        assertEquals("DOUBLE", KeyType.doublePrecision().toString());
    }

    @Test
    void typesWithTheSameParametersAreEqual() {
        assertEquals(KeyType.decimal(12, 2), new KeyType(KeyType.Kind.DECIMAL, 12, 2, 0));
    }

    @Test
    void decimalPrecisionAboveThirtyEightIsRefused() {
        BasaltException e = assertThrows(BasaltException.class,
                () -> KeyType.decimal(KeyType.DECIMAL_PRECISION_MAX + 1, 0));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("DECIMAL precision 39 is outside [1, 38]", e.getMessage());
    }

    @Test
    void decimalScaleAbovePrecisionIsRefused() {
        BasaltException e = assertThrows(BasaltException.class, () -> KeyType.decimal(4, 5));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void characterLengthMustBePositive() {
        assertThrows(BasaltException.class, () -> KeyType.varchar(0));
        assertThrows(BasaltException.class, () -> KeyType.character(KeyType.CHARACTER_LENGTH_MAX + 1));
    }

    @Test
    void kindsWithoutParametersRefuseThem() {
        assertThrows(BasaltException.class, () -> new KeyType(KeyType.Kind.INT, 10, 0, 0));
        assertThrows(BasaltException.class, () -> new KeyType(KeyType.Kind.DECIMAL, 10, 0, 4));
    }
}
