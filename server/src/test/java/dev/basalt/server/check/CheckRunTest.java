package dev.basalt.server.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.check.history.HistoryFile;
import dev.basalt.server.check.history.Op;
import dev.basalt.server.check.nemesis.Nemesis;
import dev.basalt.server.cli.BasaltMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code basalt check} end to end, as a user runs it: a 3-node cluster of real node processes,
 * each workload under a mix of faults, one at a time, judged by its checker. The verdict must be
 * OK: no anomaly snapshot isolation forbids, nothing acknowledged lost, and no stretch longer than
 * {@link Check#STALL_S_MAX} without an acknowledged operation. Partitions use network namespaces,
 * so the list-append run needs root (CI runs as root); {@code -Dbasalt.test.partitions=off} leaves
 * them out. Every nemesis runs in at least one of the three; {@code basalt check --nemesis all}
 * runs them all together.
 *
 * <p>The seed is random unless {@code -Dbasalt.test.seed=N} is given; it is printed, and a failure
 * names it and keeps the history under {@code target/check-histories}, so the run can be read with
 * {@code basalt check --analyze FILE} and replayed with {@code --seed}.
 */
class CheckRunTest {
    static final int SECONDS = 45;

    private static Set<Nemesis.Fault> faults(String list) {
        boolean partitions = !"off".equals(System.getProperty("basalt.test.partitions"));
        return Nemesis.Fault.parse(partitions ? list : list.replace(",partition", ""));
    }

    private static void run(String workload, String nemeses) throws Exception {
        long seed = Long.getLong("basalt.test.seed", System.nanoTime() & Long.MAX_VALUE);
        Path histories = Files.createDirectories(Path.of("target", "check-histories"));
        Path history = histories.resolve(workload + "-" + seed + ".jsonl").toAbsolutePath();
        System.out.println("CheckRunTest: workload " + workload + ", seed " + seed + " (-Dbasalt.test.seed=" + seed + " replays it)");
        Check check = new Check(System.out, BasaltMain.class.getName());
        Check.Result result = check.run(new Check.Options(workload, faults(nemeses), 3, SECONDS, seed, 8, history, false));
        long faultsInjected = HistoryFile.read(history).ops().stream()
                .filter(op -> op.process() == Op.NEMESIS && !Set.of("heal", "stall").contains(op.f()) && !op.f().startsWith("recover"))
                .count();
        assertTrue(result.ok(), result.line() + " (seed " + seed + ", history " + history + ")");
        assertTrue(result.counts().ok() > 0, "nothing was acknowledged: " + result.line());
        assertTrue(faultsInjected > 0, "the nemesis injected no fault in " + SECONDS + " s (seed " + seed + ")");
        Files.delete(history); // kept only when the run failed
    }

    @Test
    void listAppendUnderKillsPausesLeaderMovesAndPartitionsIsSnapshotIsolatedAndAvailable() throws Exception {
        run("append", "kill,pause,leader,partition");
    }

    @Test
    void bankUnderPausesClockShiftsMetaLeaderKillsAndSplitsConservesMoneyAndIsAvailable() throws Exception {
        run("bank", "pause,clock,meta,split");
    }

    @Test
    void registersUnderKillsSplitsLeaderMovesAndClockShiftsNeverReadStaleValues() throws Exception {
        run("register", "kill,split,leader,clock");
    }
}
