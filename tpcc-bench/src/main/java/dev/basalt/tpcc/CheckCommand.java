package dev.basalt.tpcc;

import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code tpcc check}: the consistency conditions on the data as it is now. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check TPC-C consistency conditions 1-10 and 12 (clause 3.3.2) on warehouses 1..W; one line per condition, then "
                + "'tpcc check: warehouses=W consistency=OK|FAIL'. Exit status 0 only when every condition holds.")
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    TpccMain main;

    @Mixin
    TpccMain.DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        Connections connections = database.connections(Connections.Isolation.REPEATABLE_READ);
        Consistency.Result result;
        long start = System.nanoTime();
        try (Connection c = connections.open(false)) {
            result = Consistency.check(c, database.warehouses);
        }
        for (Consistency.Condition condition : result.conditions()) {
            main.out.println(condition.line());
        }
        main.out.printf("tpcc check: warehouses=%d consistency=%s%s seconds=%.1f%n", database.warehouses, result.ok() ? "OK" : "FAIL",
                result.ok() ? "" : " failed=" + result.failed().stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""),
                (System.nanoTime() - start) / 1e9);
        return result.ok() ? 0 : 1;
    }
}
