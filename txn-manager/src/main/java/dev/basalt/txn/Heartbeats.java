package dev.basalt.txn;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.Timestamp;
import dev.basalt.range.RangeRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the primary locks of live transactions alive. A lock's time to live counts from the
 * physical part of its transaction's start timestamp, so a transaction that runs longer than the
 * TTL would look dead to anyone meeting its locks; every {@code heartbeatIntervalMs} this sends
 * {@code TxnHeartbeat} to each registered primary with a TTL of (age + lock TTL). A heartbeat that
 * finds no primary lock means someone rolled the transaction back: it is told so and fails at its
 * next step.
 *
 * <p>A transaction is registered while it holds a primary lock: after its first lock-for-update,
 * or as soon as the prewrite of its primary landed (so the lock stays alive while prewrites to
 * other ranges wait on locks), and unregistered once it committed its primary (whose lock then
 * disappears) or ended otherwise.
 */
final class Heartbeats {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final RangeClient client;
    private final long lockTtlMs;
    private final Set<Transaction> holders = ConcurrentHashMap.newKeySet();

    Heartbeats(RangeClient client, long lockTtlMs, ScheduledExecutorService scheduler, long intervalMs) {
        this.client = client;
        this.lockTtlMs = lockTtlMs;
        scheduler.scheduleWithFixedDelay(this::beatAll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** The TTL that keeps a lock of transaction {@code startTs} alive until {@code lockTtlMs} after {@code nowTs}. */
    long ttlAt(long startTs, long nowTs) {
        return ttlAfter(Timestamp.physicalMs(nowTs) - Timestamp.physicalMs(startTs));
    }

    /**
     * The TTL that keeps a lock alive until {@code lockTtlMs} after now, for a transaction that
     * drew its start timestamp {@code ageMs} ago by this gateway's monotonic clock. A lock taken
     * (prewrite, lock-for-update) sizes its TTL this way, without an oracle round trip: the oracle's
     * clock advances as real time does, so the age measured here is the age others judge the lock
     * at, unless the oracle's clock jumps meanwhile (a meta leader with a clock ahead). Then the lock
     * may look expired early and be rolled back through its primary: the owner's commit then fails
     * cleanly (the primary decides), and the next heartbeat, sized with an oracle draw, prevents it
     * for longer transactions.
     */
    long ttlAfter(long ageMs) {
        return Math.max(0, ageMs) + lockTtlMs;
    }

    void register(Transaction t) {
        holders.add(t);
    }

    void unregister(Transaction t) {
        holders.remove(t);
    }

    boolean registered(Transaction t) {
        return holders.contains(t);
    }

    /** One round of heartbeats for every registered transaction (the scheduler's task; tests call it directly). */
    void beatAll() {
        for (Transaction t : holders) {
            try {
                beat(t);
            } catch (RuntimeException e) {
                LOG.warn("heartbeat of transaction {} failed unexpectedly: {}", t.startTs(), e.toString());
            }
        }
    }

    private void beat(Transaction t) {
        byte[] primary = t.primaryKey();
        if (primary == null) {
            return;
        }
        long now = client.timestamp();
        long ttl = ttlAt(t.startTs(), now);
        try {
            client.send(primary, new RangeRequest.TxnHeartbeat(primary, t.startTs(), ttl));
            t.primaryAliveUntil(Timestamp.physicalMs(t.startTs()) + ttl);
        } catch (BasaltException e) {
            boolean rolledBack = e.code() == ErrorCode.TRANSACTION_ABORTED;
            if ((rolledBack || e.code() == ErrorCode.SERIALIZATION_FAILURE) && holders.contains(t)) {
                LOG.info("transaction {} lost its primary lock: {}", t.startTs(),
                        rolledBack ? "another transaction rolled it back" : e.getMessage());
                holders.remove(t);
                t.onPrimaryLockLost(now, rolledBack ? null : e);
            } else {
                LOG.debug("heartbeat of transaction {} failed, next round retries: {}", t.startTs(), e.toString());
            }
        }
    }
}
