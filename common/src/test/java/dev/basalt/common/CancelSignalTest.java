package dev.basalt.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancelSignalTest {
    @Test
    void aCancelFlagsTheRunningRequest() {
        CancelSignal signal = new CancelSignal();
        signal.arm(1, 0);
        signal.check();
        assertTrue(signal.cancel(1));
        BasaltException e = assertThrows(BasaltException.class, signal::check);
        assertEquals(ErrorCode.QUERY_CANCELED, e.code());
        assertEquals(CancelSignal.USER_REQUEST, e.getMessage());
    }

    @Test
    void aCancelReachesARequestThatArrivedBeforeItButStartsAfterIt() {
        CancelSignal signal = new CancelSignal();
        assertFalse(signal.cancel(3), "nothing runs yet");
        signal.arm(3, 0);
        assertThrows(BasaltException.class, signal::check);
    }

    @Test
    void aCancelNeverReachesALaterRequest() {
        CancelSignal signal = new CancelSignal();
        signal.cancel(3);
        signal.arm(4, 0);
        signal.check();
        signal.disarm();
        signal.check();
    }

    @Test
    void withNothingArmedChecksPass() {
        CancelSignal signal = new CancelSignal();
        signal.arm(1, 0);
        signal.cancel(1);
        signal.disarm();
        signal.check();
        assertFalse(signal.armed());
    }

    @Test
    void aRequestPastItsDeadlineFailsWithTheStatementTimeoutMessage() throws InterruptedException {
        CancelSignal signal = new CancelSignal();
        signal.arm(1, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        BasaltException e = null;
        while (e == null && System.nanoTime() < deadline) {
            try {
                signal.check();
                TimeUnit.MILLISECONDS.sleep(1); // polling the 1 ms deadline
            } catch (BasaltException thrown) {
                e = thrown;
            }
        }
        assertTrue(e != null, "the 1 ms deadline passed within 5 s");
        assertEquals(ErrorCode.QUERY_CANCELED, e.code());
        assertTrue(e.getMessage().startsWith(CancelSignal.STATEMENT_TIMEOUT), e.getMessage());
    }
}
