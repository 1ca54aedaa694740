package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;

/** The {@code basalt} command: see {@link Cli} for its subcommands. */
public final class BasaltMain {
    private BasaltMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new Cli(System.out, System.err).run(args);
        } catch (BasaltException e) {
            System.err.println("error [" + e.sqlState() + "]: " + e.getMessage());
            status = 2;
        }
        if (status >= 0) {
            System.exit(status);
        }
    }
}
