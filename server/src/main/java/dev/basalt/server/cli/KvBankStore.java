package dev.basalt.server.cli;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.key.Slots;
import dev.basalt.placement.routing.RangeRouter;
import dev.basalt.range.KeyValue;
import dev.basalt.range.StorageKey;
import dev.basalt.txn.IsolationLevel;
import dev.basalt.txn.Transaction;
import dev.basalt.txn.TransactionManager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bank as raw keys through the transaction manager ({@code bank --kv}): accounts are rows of
 * {@link #BANK_TABLE} (index 0) keyed by their 8-byte id, each in the hash slot of its id, so most
 * transfers cross ranges and commit by two-phase commit; each transfer also writes a ledger row
 * (index 1, in the slot of the paying account) under its transfer id.
 */
final class KvBankStore implements BankStore {
    static final long BANK_TABLE = 2_000_000;
    static final int ACCOUNTS_INDEX = 0;
    static final int LEDGER_INDEX = 1;
    /** Rows read per scan request of the snapshot reader. */
    static final int SCAN_BATCH = 2_000;
    /** Ledger rows looked up per read in the final check. */
    static final int CHECK_BATCH = 500;

    private final RangeRouter router;
    private final TransactionManager txns;

    KvBankStore(RangeRouter router, TransactionManager txns) {
        this.router = router;
        this.txns = txns;
    }

    static byte[] id8(long id) {
        return new ByteWriter(8).i64(id).toByteArray();
    }

    static byte[] accountKey(long account) {
        byte[] id = id8(account);
        return StorageKey.of(BANK_TABLE, ACCOUNTS_INDEX, Slots.slotOf(id), id);
    }

    static byte[] ledgerKey(long payer, long transferId) {
        return StorageKey.of(BANK_TABLE, LEDGER_INDEX, Slots.slotOf(id8(payer)), id8(transferId));
    }

    static long balance(byte[] value, long account) {
        if (value == null) {
            throw new BasaltException(ErrorCode.INVALID_STATE, "bank account " + account + " does not exist");
        }
        return new ByteReader(value).i64();
    }

    /** Accounts of an earlier run are reused (their total is still N * initial balance); a different count is refused. */
    @Override
    public void setUp(int accounts, long balance, PrintStream out) throws Failure {
        try {
            try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
                byte[] first = t.get(accountKey(0));
                byte[] last = t.get(accountKey(accounts - 1));
                byte[] beyond = t.get(accountKey(accounts));
                if (first != null && last != null && beyond == null) {
                    out.println("bank: reusing " + accounts + " existing accounts");
                    return;
                }
                if (first != null || beyond != null) {
                    throw new Failure(Outcome.FAILED, "bank table " + BANK_TABLE + " already holds accounts of a run with a "
                            + "different --accounts; use the same count or a fresh cluster", null);
                }
            }
            // Group accounts by range so that each setup transaction commits in one phase.
            Map<Long, List<Long>> byRange = new HashMap<>();
            for (long a = 0; a < accounts; a++) {
                byRange.computeIfAbsent(router.rangeOf(accountKey(a)).rangeId(), r -> new ArrayList<>()).add(a);
            }
            for (List<Long> group : byRange.values()) {
                for (int from = 0; from < group.size(); from += BankWorkload.SETUP_BATCH) {
                    List<Long> batch = group.subList(from, Math.min(group.size(), from + BankWorkload.SETUP_BATCH));
                    try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
                        for (long a : batch) {
                            t.put(accountKey(a), id8(balance));
                        }
                        t.commit();
                    }
                }
            }
            out.println("bank: created " + accounts + " accounts with balance " + balance + " each");
        } catch (BasaltException e) {
            throw failure(e);
        }
    }

    @Override
    public void transfer(long from, long to, long amount, long transferId) throws Failure {
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, false)) {
            List<byte[]> values = t.getAll(List.of(accountKey(from), accountKey(to)));
            long fromBalance = balance(values.get(0), from);
            long toBalance = balance(values.get(1), to);
            long moved = Math.min(amount, fromBalance);
            t.put(accountKey(from), id8(fromBalance - moved));
            t.put(accountKey(to), id8(toBalance + moved));
            t.put(ledgerKey(from, transferId), new ByteWriter(24).i64(from).i64(to).i64(moved).toByteArray());
            t.commit();
        } catch (BasaltException e) {
            throw failure(e);
        }
    }

    @Override
    public long[] snapshotTotal() throws Failure {
        try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
            byte[] start = StorageKey.prefix(BANK_TABLE, ACCOUNTS_INDEX, 0);
            byte[] end = StorageKey.indexEnd(BANK_TABLE, ACCOUNTS_INDEX);
            long sum = 0;
            long seen = 0;
            while (true) {
                List<KeyValue> rows = t.scan(start, end, SCAN_BATCH);
                for (KeyValue kv : rows) {
                    sum += new ByteReader(kv.value()).i64();
                    seen++;
                }
                if (rows.size() < SCAN_BATCH) {
                    break;
                }
                byte[] lastKey = rows.get(rows.size() - 1).key();
                start = Arrays.copyOf(lastKey, lastKey.length + 1); // the next key after the last one read
            }
            t.commit();
            return new long[] {sum, seen};
        } catch (BasaltException e) {
            throw failure(e);
        }
    }

    @Override
    public long lost(List<Acked> acked) throws Failure {
        long lost = 0;
        for (int i = 0; i < acked.size(); i += CHECK_BATCH) {
            List<byte[]> keys = new ArrayList<>();
            for (Acked a : acked.subList(i, Math.min(acked.size(), i + CHECK_BATCH))) {
                keys.add(ledgerKey(a.payer(), a.transferId()));
            }
            try (Transaction t = txns.begin(IsolationLevel.SNAPSHOT, true)) {
                for (byte[] v : t.getAll(keys)) {
                    if (v == null) {
                        lost++;
                    }
                }
                t.commit();
            } catch (BasaltException e) {
                throw failure(e);
            }
        }
        return lost;
    }

    private static Failure failure(BasaltException e) {
        Outcome outcome = e.code() == ErrorCode.COMMIT_OUTCOME_UNKNOWN ? Outcome.UNKNOWN
                : e.retryable() ? Outcome.RETRY : Outcome.FAILED;
        return new Failure(outcome, e.code().name(), e);
    }

    @Override
    public void close() {
    }
}
