package dev.basalt.server.check.workload;

import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.range.KeyValue;
import dev.basalt.range.StorageKey;
import dev.basalt.server.check.analysis.BankChecker;
import dev.basalt.server.check.analysis.Checker;
import dev.basalt.server.check.history.BankFinal;
import dev.basalt.server.check.history.BankRead;
import dev.basalt.server.check.history.BankSetup;
import dev.basalt.server.check.history.Recorder;
import dev.basalt.server.check.history.Transfer;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jepsen's bank, with a ledger: a few accounts, transfers between random pairs, and reads of every
 * balance in one snapshot. Each transfer has a unique id and writes a ledger row keyed by it (in
 * the payer's slot, so most transfers cross ranges) in the same transaction as the two balance
 * changes; after the run one snapshot of every balance and every ledger row lets the checker
 * replay the ledger. A transfer applied twice (an unknown commit retried, say) moves the balances
 * twice but leaves one ledger row, and the replay finds it. The client never retries a transfer
 * itself: a failure is recorded as it is, and the next operation is a new transfer.
 *
 * <p>Half the transfers (chosen by the seed) run as a SQL {@code SELECT ... FOR UPDATE} does:
 * READ COMMITTED, a fresh statement timestamp, both accounts locked for update and then read.
 * There the locks are what keeps two transfers from the same account apart, and they are held
 * in the range leaders' memory, which the nemesis's kills, leader moves and splits take away.
 */
public final class BankWorkload implements Workload {
    static final long TABLE = 2_100_000;
    static final int ACCOUNTS_INDEX = 0;
    static final int LEDGER_INDEX = 1;
    static final int ACCOUNTS = 8;
    static final long INITIAL_BALANCE = 100;
    static final long AMOUNT_MAX = 5;
    /** One operation in this many is a read of every balance. */
    static final int READ_EVERY = 5;
    /** Ledger rows read per scan request of the final read. */
    static final int SCAN_ROWS = 1_000;

    private final AtomicLong transferIds = new AtomicLong();

    @Override
    public String name() {
        return "bank";
    }

    private static byte[] account(long a) {
        return Keys.row(TABLE, ACCOUNTS_INDEX, a, a);
    }

    private static byte[] ledger(long payer, long transferId) {
        return Keys.row(TABLE, LEDGER_INDEX, payer, transferId);
    }

    private static List<byte[]> accounts() {
        List<byte[]> keys = new ArrayList<>(ACCOUNTS);
        for (long a = 0; a < ACCOUNTS; a++) {
            keys.add(account(a));
        }
        return keys;
    }

    @Override
    public void setUp(TransactionManager txns, Recorder recorder, int process) {
        BankSetup setup = new BankSetup(ACCOUNTS, INITIAL_BALANCE);
        FinalReads.retrying(() -> {
            try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
                for (byte[] k : accounts()) {
                    t.put(k, Keys.oneLong(INITIAL_BALANCE));
                }
                t.commit();
            }
        });
        recorder.invoke(process, BankChecker.SETUP, null);
        recorder.ok(process, BankChecker.SETUP, setup);
    }

    @Override
    public boolean step(TransactionManager txns, Recorder recorder, int process, SplittableRandom random) {
        return random.nextInt(READ_EVERY) == 0 ? read(txns, recorder, process) : transfer(txns, recorder, process, random);
    }

    private boolean transfer(TransactionManager txns, Recorder recorder, int process, SplittableRandom random) {
        long from = random.nextInt(ACCOUNTS);
        long to = random.nextInt(ACCOUNTS - 1);
        if (to >= from) {
            to++;
        }
        Transfer asked = new Transfer(transferIds.incrementAndGet(), from, to, 1 + random.nextLong(AMOUNT_MAX));
        recorder.invoke(process, BankChecker.TRANSFER, asked);
        Transfer moved;
        boolean locking = random.nextBoolean();
        try (Transaction t = txns.begin(locking ? IsolationLevel.READ_COMMITTED : IsolationLevel.SNAPSHOT, false)) {
            List<byte[]> keys = List.of(account(from), account(to));
            if (locking) {
                t.newStatement();
                t.lockForUpdate(keys);
            }
            List<byte[]> values = t.getAll(keys);
            long fromBalance = Keys.oneLong(values.get(0));
            long toBalance = Keys.oneLong(values.get(1));
            long amount = Math.min(asked.amount(), fromBalance);
            moved = new Transfer(asked.id(), from, to, amount);
            t.put(account(from), Keys.oneLong(fromBalance - amount));
            t.put(account(to), Keys.oneLong(toBalance + amount));
            t.put(ledger(from, asked.id()), new ByteWriter(32).i64(asked.id()).i64(from).i64(to).i64(amount).toByteArray());
            t.commit();
        } catch (RuntimeException e) {
            return Outcomes.record(recorder, process, BankChecker.TRANSFER, asked, e);
        }
        recorder.ok(process, BankChecker.TRANSFER, moved);
        return true;
    }

    private boolean read(TransactionManager txns, Recorder recorder, int process) {
        recorder.invoke(process, BankChecker.READ, null);
        Map<Long, Long> balances;
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
            balances = balances(t);
            t.commit();
        } catch (RuntimeException e) {
            recorder.fail(process, BankChecker.READ, null, Outcomes.describe(e));
            return true;
        }
        recorder.ok(process, BankChecker.READ, new BankRead(balances));
        return true;
    }

    private static Map<Long, Long> balances(Transaction t) {
        List<byte[]> values = t.getAll(accounts());
        Map<Long, Long> balances = new TreeMap<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            if (values.get(a) != null) {
                balances.put((long) a, Keys.oneLong(values.get(a)));
            }
        }
        return balances;
    }

    @Override
    public void finish(TransactionManager txns, Recorder recorder, int process) {
        FinalReads.retrying(() -> {
            recorder.invoke(process, BankChecker.FINAL, null);
            Map<Long, Long> balances;
            Map<Long, Transfer> rows = new TreeMap<>();
            try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
                balances = balances(t);
                byte[] start = StorageKey.prefix(TABLE, LEDGER_INDEX, 0);
                byte[] end = StorageKey.indexEnd(TABLE, LEDGER_INDEX);
                while (true) {
                    List<KeyValue> page = t.scan(start, end, SCAN_ROWS);
                    for (KeyValue kv : page) {
                        ByteReader r = new ByteReader(kv.value());
                        Transfer row = new Transfer(r.i64(), r.i64(), r.i64(), r.i64());
                        rows.put(row.id(), row);
                    }
                    if (page.size() < SCAN_ROWS) {
                        break;
                    }
                    byte[] last = page.get(page.size() - 1).key();
                    start = Arrays.copyOf(last, last.length + 1);
                }
                t.commit();
            } catch (RuntimeException e) {
                recorder.fail(process, BankChecker.FINAL, null, Outcomes.describe(e));
                throw e;
            }
            recorder.ok(process, BankChecker.FINAL, new BankFinal(balances, rows));
        });
    }

    @Override
    public Checker checker() {
        return new BankChecker();
    }
}
