package dev.basalt.server.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.HistoryBuilder;
import dev.basalt.server.check.history.RegisterOp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The summary {@link Check#judge} prints for a history, without a cluster. */
class CheckJudgeTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Check check = new Check(new PrintStream(printed, true, StandardCharsets.UTF_8), "unused.Main");

    private Check.Result judge(History history, HistoryBuilder h) {
        return check.judge(Check.workload("register"), "none", history, 0, h.timeNanos(), null);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOperationThatFailedWithAnInternalErrorIsNamedButIsNoAnomaly() {
        HistoryBuilder h = new HistoryBuilder();
        h.ok(h.invoke(0, "write", RegisterOp.write(1, 1)));
        h.fail(h.invoke(1, "read", RegisterOp.read(1)), "XX000 NullPointerException");
        h.ok(h.invoke(1, "read", RegisterOp.read(1)), new RegisterOp(1, 1L));

        Check.Result result = judge(h.build(), h);

        assertTrue(result.ok(), output());
        assertTrue(output().contains("check: INTERNAL ERROR: 1 operations failed with SQLState class XX"), output());
        assertTrue(output().contains("XX000 NullPointerException"), output());
    }

    @Test
    void aRunWithoutInternalErrorsSaysNothingAboutThem() {
        HistoryBuilder h = new HistoryBuilder();
        h.ok(h.invoke(0, "write", RegisterOp.write(1, 1)));
        h.fail(h.invoke(1, "write", RegisterOp.write(1, 2)));

        judge(h.build(), h);

        assertFalse(output().contains("INTERNAL ERROR"), output());
        assertTrue(output().contains("verdict=OK"), output());
    }
}
