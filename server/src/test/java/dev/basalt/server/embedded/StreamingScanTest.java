package dev.basalt.server.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result of ten million rows streams through a node and the driver in a small, fixed heap
 * (the "a 10 M-row streamed scan under a small {@code -Xmx}"). {@link StreamingScan} runs
 * in a child JVM with {@link #CHILD_HEAP}: its embedded node (Ratis, RocksDB, Netty on loopback,
 * the SQL engine) and its JDBC client share that heap, so neither may hold the result. The rows
 * come from a cross join of a 3,163-row table with itself (3,163² = 10,004,569), because writing
 * ten million rows through Raft would take the test hours. Calcite runs it as a nested loop that
 * scans the inner table again for each outer row (EXPLAIN ANALYZE counts one loop of the inner
 * scan per outer row) and holds neither side, so the ten million rows are also read from the
 * store page by page. This JVM's own heap plays no part.
 */
@Timeout(900)
class StreamingScanTest {
    /**
     * The child's heap. Measured on a shared 2-core machine: with 64 MB the heap in use after a
     * full collection stays at 22-26 MB throughout; 48 MB passes with a busier collector; 40 MB
     * passes with 37 of its 38 usable MB in use after some collections; at 32 MB the load fails
     * (Raft writes time out). The direct-memory limit follows the heap ({@code MaxDirectMemorySize}
     * defaults to it), so Netty's buffers are bounded too; RocksDB's native memory is not.
     */
    static final String CHILD_HEAP = "-Xmx64m";
    static final long CHILD_HEAP_BYTES_MAX = 64L * 1024 * 1024;
    /** Rows of the table; the join returns the square. */
    static final int SIDE = 3_163;
    /** The child loads, scans, streams twice and stops within this (about 100 s on the 2-core machine). */
    static final long CHILD_WAIT_MS = 600_000;
    /** Characters of the child's output quoted in a failure. */
    static final int OUTPUT_QUOTED_CHARS_MAX = 20_000;
    private static final Pattern HEAP_USABLE = Pattern.compile("-Xmx: (\\d+) MB usable");

    @Test
    void tenMillionJoinedRowsStreamThroughTheNodeAndTheDriverInA64MbHeap(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("streaming-scan.log");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), CHILD_HEAP,
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), StreamingScan.class.getName(), Integer.toString(SIDE));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited;
        try {
            exited = child.waitFor(CHILD_WAIT_MS, TimeUnit.MILLISECONDS);
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(exited, "the child JVM did not finish within " + CHILD_WAIT_MS + " ms; its output:\n" + quoted(output));
        assertEquals(0, child.exitValue(), "the child JVM failed (3: out of memory); its output:\n" + quoted(output));
        long rows = (long) SIDE * SIDE;
        for (String mode : List.of("autocommit", "in a transaction")) {
            assertTrue(output.contains(StreamingScan.RESULT + rows + " " + mode), "expected " + rows + " rows " + mode + ":\n"
                    + quoted(output));
        }
        Matcher heap = HEAP_USABLE.matcher(output);
        assertTrue(heap.find(), quoted(output));
        assertTrue(Long.parseLong(heap.group(1)) * 1024 * 1024 <= CHILD_HEAP_BYTES_MAX,
                "the child ran with the small heap, not this JVM's: " + heap.group());
        output.lines().filter(line -> !line.contains(" INFO ") && !line.contains(" DEBUG ")).forEach(System.out::println);
    }

    private static String quoted(String output) {
        return output.length() <= OUTPUT_QUOTED_CHARS_MAX ? output
                : "[...]\n" + output.substring(output.length() - OUTPUT_QUOTED_CHARS_MAX);
    }
}
