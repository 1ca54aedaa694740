package dev.basalt.server.check.analysis;

import dev.basalt.server.check.history.BankFinal;
import dev.basalt.server.check.history.BankRead;
import dev.basalt.server.check.history.BankSetup;
import dev.basalt.server.check.history.History;
import dev.basalt.server.check.history.Operation;
import dev.basalt.server.check.history.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a bank history: transfers between accounts conserve money, and every snapshot shows it.
 *
 * <p>Every OK read must sum to {@code accounts * initialBalance}, list every account and show no
 * negative balance. The final read, taken after the faults healed, must do the same and agree
 * with the ledger: each transfer writes its ledger row in the same transaction as its two balance
 * changes, so <b>every account's final balance equals its initial balance plus the ledger's
 * credits minus its debits</b>. A transfer applied twice, or applied without its row, breaks that
 * equation (ledger-mismatch); an acknowledged transfer without a row was lost (lost-transfer); a
 * failed one with a row was applied after all (aborted-transfer-applied); a row no client asked
 * for is garbage (garbage-transfer). Transfers whose outcome is unknown may or may not have rows.
 */
public final class BankChecker implements Checker {
    /** The functions of bank operations. */
    public static final String SETUP = "setup";
    public static final String TRANSFER = "transfer";
    public static final String READ = "read";
    public static final String FINAL = "final";

    /** Accounts listed in one missing-account example before it is abbreviated. */
    static final int ACCOUNTS_SHOWN_MAX = 8;

    @Override
    public Verdict check(History history) {
        Findings findings = new Findings();
        BankSetup setup = setup(history);
        if (setup == null) {
            findings.anomaly("no-setup", "the history has no OK \"setup\" op, so there is no total to check against");
            return findings.verdict();
        }
        long reads = 0;
        for (Operation read : history.operations(READ)) {
            if (read.isOk()) {
                BankRead value = (BankRead) valueOf(read, BankRead.class);
                checkSnapshot(findings, setup, "read " + read.completion().index(), value.balances());
                reads++;
            }
        }
        Operation last = null;
        int finals = 0;
        for (Operation f : history.operations(FINAL)) {
            if (f.isOk()) {
                last = f;
                finals++;
            }
        }
        findings.note(reads + " OK reads checked");
        if (last == null) {
            findings.note("no OK final read: the ledger could not be audited");
            findings.anomaly("no-final-read", "the history has no OK \"final\" op");
            return findings.verdict();
        }
        if (finals > 1) {
            findings.note(finals + " OK final reads; the last (op " + last.completion().index() + ") was audited");
        }
        BankFinal fin = (BankFinal) valueOf(last, BankFinal.class);
        String where = "final read " + last.completion().index();
        checkSnapshot(findings, setup, where, fin.balances());
        auditLedger(findings, setup, history, fin, where);
        return findings.verdict();
    }

    private static BankSetup setup(History history) {
        for (Operation op : history.operations(SETUP)) {
            if (op.isOk() && op.value() instanceof BankSetup setup) {
                return setup;
            }
        }
        return null;
    }

    private static Object valueOf(Operation op, Class<?> type) {
        Object value = op.value();
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("op " + op.completionIndex() + ": an OK " + op.f() + " must carry a " + type.getSimpleName() + ", was " + value);
        }
        return value;
    }

    private static void checkSnapshot(Findings findings, BankSetup setup, String where, Map<Long, Long> balances) {
        long total = 0;
        boolean overflow = false;
        for (long balance : balances.values()) {
            try {
                total = Math.addExact(total, balance);
            } catch (ArithmeticException e) {
                overflow = true;
            }
        }
        if (overflow || total != setup.total()) {
            String sum = overflow ? "more than a long holds" : Long.toString(total);
            findings.anomaly("wrong-total", () -> where + " sums to " + sum + ", expected " + setup.total() + " (" + setup.accounts()
                    + " accounts x " + setup.initialBalance() + ")");
        }
        List<Long> missing = new ArrayList<>();
        for (long account = 0; account < setup.accounts(); account++) {
            if (!balances.containsKey(account)) {
                missing.add(account);
            }
        }
        if (!missing.isEmpty()) {
            findings.anomaly("missing-account", () -> where + " lacks " + missing.size() + " accounts: " + abbreviate(missing));
        }
        for (Map.Entry<Long, Long> e : balances.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= setup.accounts()) {
                findings.anomaly("unexpected-account", () -> where + " shows account " + e.getKey() + ", outside 0.." + (setup.accounts() - 1));
            }
            if (e.getValue() < 0) {
                findings.anomaly("negative-balance", () -> where + ": account " + e.getKey() + " holds " + e.getValue());
            }
        }
    }

    private static void auditLedger(Findings findings, BankSetup setup, History history, BankFinal fin, String where) {
        Map<Long, Operation> transfers = new HashMap<>();
        for (Operation op : history.operations(TRANSFER)) {
            if (!(op.invoke().value() instanceof Transfer t)) {
                throw new IllegalArgumentException("op " + op.invokeIndex() + ": a transfer must carry a Transfer, was " + op.invoke().value());
            }
            Operation earlier = transfers.putIfAbsent(t.id(), op);
            if (earlier != null) {
                findings.note("generator bug: transfer id " + t.id() + " invoked twice (ops " + earlier.invokeIndex() + " and " + op.invokeIndex() + ")");
            }
        }
        Map<Long, Long> credits = new TreeMap<>();
        Map<Long, Long> debits = new TreeMap<>();
        for (Map.Entry<Long, Transfer> row : fin.ledger().entrySet()) {
            long id = row.getKey();
            Transfer moved = row.getValue();
            credits.merge(moved.to(), moved.amount(), Long::sum);
            debits.merge(moved.from(), moved.amount(), Long::sum);
            Operation op = transfers.get(id);
            if (op == null) {
                findings.anomaly("garbage-transfer", () -> where + ": ledger row " + id + " " + moved + " was never invoked");
                continue;
            }
            Transfer asked = (Transfer) op.invoke().value();
            if (op.isFailed()) {
                findings.anomaly("aborted-transfer-applied", () -> where + ": transfer " + id + " failed (op " + op.completionIndex() + ": "
                        + op.completion().error() + ") but the ledger holds it: " + moved);
            }
            if (moved.id() != id || moved.from() != asked.from() || moved.to() != asked.to() || moved.amount() > asked.amount()) {
                findings.anomaly("wrong-ledger-row", () -> where + ": ledger row " + id + " is " + moved + " but op " + op.invokeIndex() + " asked for " + asked);
            }
        }
        TreeSet<Long> accounts = new TreeSet<>(fin.balances().keySet());
        for (long account : accounts) {
            long initial = account >= 0 && account < setup.accounts() ? setup.initialBalance() : 0;
            long credited = credits.getOrDefault(account, 0L);
            long debited = debits.getOrDefault(account, 0L);
            long expected = initial + credited - debited;
            long actual = fin.balances().get(account);
            if (actual != expected) {
                findings.anomaly("ledger-mismatch", () -> where + ": account " + account + " holds " + actual + ", but " + initial + " initial + "
                        + credited + " credited - " + debited + " debited by the ledger = " + expected);
            }
        }
        long acknowledged = 0;
        for (Operation op : transfers.values()) {
            if (!op.isOk()) {
                continue;
            }
            acknowledged++;
            Transfer asked = (Transfer) op.invoke().value();
            if (!fin.ledger().containsKey(asked.id())) {
                findings.lost(1);
                findings.anomaly("lost-transfer", () -> "transfer " + asked.id() + " (" + asked.from() + " -> " + asked.to() + ", " + asked.amount()
                        + ") was acknowledged at op " + op.completionIndex() + " but has no ledger row");
            }
        }
        findings.note("ledger: " + fin.ledger().size() + " rows; " + acknowledged + " acknowledged transfers of " + transfers.size());
    }

    private static String abbreviate(List<Long> accounts) {
        if (accounts.size() <= ACCOUNTS_SHOWN_MAX) {
            return accounts.toString();
        }
        return accounts.subList(0, ACCOUNTS_SHOWN_MAX).toString().replace("]", ", ...]");
    }
}
