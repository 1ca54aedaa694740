package dev.basalt.tpcc;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tpcc load}: drops and creates the nine tables and loads W warehouses. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Drop and create the TPC-C tables and load W warehouses (about 600,000 rows per warehouse), printing progress.")
final class LoadCommand implements Callable<Integer> {
    /** More loaders than this would only queue at the database. */
    static final int LOADERS_MAX = 256;

    @ParentCommand
    TpccMain main;

    @Mixin
    TpccMain.DatabaseOptions database;

    @Option(names = "--loaders", paramLabel = "N", description = "loading threads, each with its own connection (default: ${DEFAULT-VALUE})",
            defaultValue = "4")
    int loaders;

    @Option(names = "--seed", paramLabel = "X", description = "seed of the generated data (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (loaders < 1 || loaders > LOADERS_MAX) {
            throw new IllegalArgumentException("--loaders must be in [1, " + LOADERS_MAX + "], not " + loaders);
        }
        new Loader(database.connections(Connections.Isolation.READ_COMMITTED), database.warehouses, loaders, seed, main.out).load();
        return 0;
    }
}
