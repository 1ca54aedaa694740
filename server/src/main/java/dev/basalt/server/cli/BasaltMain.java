package dev.basalt.server.cli;

/**
 * The {@code basalt} command ({@code bin/basalt}): see {@link Cli} for its subcommands. Exits with
 * the status {@link Cli#run} returns, except for a command that keeps running
 * ({@link Cli#KEEPS_RUNNING}), which leaves the JVM to its shutdown hooks.
 */
public final class BasaltMain {
    /** The system property that sizes the JVM's common ForkJoinPool, read once when the pool is first used. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    /** The common pool's size unless set on the command line: at least this... */
    static final int COMMON_POOL_PARALLELISM_MIN = 8;

    private BasaltMain() {
    }

    /**
     * Sizes the common ForkJoinPool before anything uses it. With 2 cores the JVM gives it a
     * parallelism of 1, and then every {@code CompletableFuture.*Async} stage without an executor
     * (Ratis's append path has many) starts a new thread instead of queueing: hundreds of thread
     * starts a second on a busy node. Basalt's own stages run on its named executors; this is for
     * the libraries'.
     */
    static void sizeCommonPool() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            int parallelism = Math.max(COMMON_POOL_PARALLELISM_MIN, 2 * Runtime.getRuntime().availableProcessors());
            System.setProperty(COMMON_POOL_PARALLELISM, String.valueOf(parallelism));
        }
    }

    public static void main(String[] args) {
        sizeCommonPool();
        int status = new Cli(System.out, System.err).run(args);
        if (status != Cli.KEEPS_RUNNING) {
            System.exit(status);
        }
    }
}
