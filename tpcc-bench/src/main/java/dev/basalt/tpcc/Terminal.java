package dev.basalt.tpcc;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One emulated terminal (clause 5.2): a thread with its own connection, home warehouse and
 * Stock-Level district, dealing transaction types from its {@link Deck}. For each transaction it
 * draws the inputs once, then runs attempts until one commits (or rolls back on purpose), a
 * non-retryable error occurs, or {@link SqlErrors#ATTEMPTS_MAX} attempts lost conflicts; between
 * attempts it backs off for a random few milliseconds ({@link #RETRY_BACKOFF_MS_MAX}).
 *
 * <p>In no-wait mode (the default) the next transaction starts at once. In spec mode the
 * terminal waits the keying time before and a think time after each transaction (clause
 * 5.2.5), which caps a warehouse's ten terminals at about 12.9 New-Orders a minute.
 */
final class Terminal implements Runnable {
    /** After a lost connection, a terminal tries to open a new one this many times, {@link #RECONNECT_PAUSE_MS} apart. */
    static final int RECONNECTS_MAX = 10;
    static final long RECONNECT_PAUSE_MS = 1_000;
    /**
     * Before retry k (k = 1, 2, ...) the terminal waits a random time in [0, min(2^k, max)] ms, so
     * that transactions that collided on a hot row (W_YTD, D_NEXT_O_ID) do not collide again at once.
     */
    static final long RETRY_BACKOFF_MS_MAX = 64;
    /** New errors of a kind are printed (once per kind) at most this many times per terminal. */
    static final int ERRORS_PRINTED_MAX = 5;

    private final int id;
    private final Connections connections;
    private final TerminalContext context;
    private final Deck deck;
    private final Stats stats;
    private final boolean specMode;
    private final CountDownLatch stop;
    private final PrintStream err;
    private Connection connection;
    private Statements statements;
    private int errorsPrinted;
    /** Why the terminal ended before it was told to stop, or null. */
    private volatile String failure;

    Terminal(int id, Connections connections, TerminalContext context, Stats stats, boolean specMode, CountDownLatch stop, PrintStream err) {
        this.id = id;
        this.connections = connections;
        this.context = context;
        this.deck = new Deck(context.random());
        this.stats = stats;
        this.specMode = specMode;
        this.stop = stop;
        this.err = err;
    }

    String failure() {
        return failure;
    }

    /** Closes the terminal's connection from another thread: a terminal stuck in a statement fails and ends. */
    void abort() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // it is being abandoned
            }
        }
    }

    @Override
    public void run() {
        try {
            if (!reconnect()) {
                return;
            }
            while (stop.getCount() > 0) {
                TxnType type = deck.deal();
                if (specMode && pause(type.keyingMs())) {
                    break;
                }
                if (!runOne(draw(type))) {
                    break;
                }
                if (specMode && pause(type.thinkMs(context.random()))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    private Transaction draw(TxnType type) {
        return switch (type) {
            case NEW_ORDER -> NewOrder.draw(context);
            case PAYMENT -> Payment.draw(context);
            case ORDER_STATUS -> OrderStatus.draw(context);
            case DELIVERY -> Delivery.draw(context);
            case STOCK_LEVEL -> StockLevel.draw(context);
        };
    }

    /** Waits, unless told to stop; true when told to stop. */
    private boolean pause(long ms) throws InterruptedException {
        return stop.await(ms, TimeUnit.MILLISECONDS);
    }

    /** Runs one business transaction to its end; false when the terminal cannot go on (no connection). */
    private boolean runOne(Transaction txn) throws InterruptedException {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Throwable failed;
            try {
                Transaction.Outcome outcome = txn.attempt(statements);
                if (outcome == Transaction.Outcome.COMMIT) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                stats.completed(txn.type(), System.nanoTime() - start, outcome == Transaction.Outcome.ROLLBACK);
                if (txn instanceof Delivery d && d.skippedDistricts() > 0) {
                    stats.skipped(txn.type(), d.skippedDistricts());
                }
                return true;
            } catch (SQLException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = e; // a broken expectation (a missing row, a wrong update count): an error, never retried
            }
            rollbackQuietly();
            if (failed instanceof SQLException e && SqlErrors.connectionLost(e)) {
                error(txn.type(), failed);
                return reconnect();
            }
            if (failed instanceof SQLException e && SqlErrors.retryable(e) && attempt < SqlErrors.ATTEMPTS_MAX) {
                stats.retried(txn.type());
                long backoffMs = ThreadLocalRandom.current().nextLong(Math.min(1L << attempt, RETRY_BACKOFF_MS_MAX) + 1);
                stop.await(backoffMs, TimeUnit.MILLISECONDS); // returns at once when the run ends: the retry goes ahead
                continue;
            }
            if (failed instanceof SQLException e && SqlErrors.retryable(e)) {
                failed = new SQLException("gave up after " + attempt + " attempts; the last failed with " + SqlErrors.describe(e),
                        e.getSQLState(), e);
            }
            error(txn.type(), failed);
            return true;
        }
    }

    private void error(TxnType type, Throwable e) {
        if (stats.failed(type, e) && errorsPrinted < ERRORS_PRINTED_MAX) {
            errorsPrinted++;
            err.println("tpcc: terminal " + id + ": " + type.key() + " failed: " + SqlErrors.describe(e));
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the next attempt finds out whether the connection still works
        }
    }

    /** Opens (again) the terminal's connection; false (and {@link #failure} set) when it cannot. */
    private boolean reconnect() throws InterruptedException {
        closeConnection();
        SQLException last = null;
        for (int i = 0; i < RECONNECTS_MAX && stop.getCount() > 0; i++) {
            try {
                connection = connections.open(false, id - 1);
                statements = new Statements(connection);
                return true;
            } catch (SQLException e) {
                last = e;
                if (stop.await(RECONNECT_PAUSE_MS, TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
        }
        if (last != null) {
            failure = "terminal " + id + " could not connect after " + RECONNECTS_MAX + " tries: " + SqlErrors.describe(last);
            err.println("tpcc: " + failure);
        }
        return false;
    }

    private void closeConnection() {
        if (statements != null) {
            statements.close();
            statements = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // gone already
            }
            connection = null;
        }
    }
}
