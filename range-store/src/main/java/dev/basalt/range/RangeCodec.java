package dev.basalt.range;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ByteReader;
import dev.basalt.common.ByteWriter;
import dev.basalt.common.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of {@link RangeRequest}s and {@link RangeResponse}s for the wire. Version 1:
 * each message starts with a one-byte tag; fields follow in declaration order; byte arrays are
 * length-prefixed (-1 for null); lists are an i32 count and their items. Decoding checks every
 * length against the bytes left, so a malformed message fails with INVALID_REQUEST.
 */
public final class RangeCodec {
    private static final int GET = 1, SCAN = 2, PREWRITE = 3, COMMIT = 4, ROLLBACK = 5, ONE_PHASE = 6,
            ACQUIRE_LOCK = 7, CHECK_TXN = 8, RESOLVE = 9, HEARTBEAT = 10, GC = 11, SET_SAFE_POINT = 12, SCAN_LOCKS = 13;
    private static final int OK = 1, VALUE = 2, ROWS = 3, COMMITTED = 4, LOCKED = 5, TXN_STATUS = 6, NOT_LEADER = 7;
    private static final Mutation.Op[] OPS = Mutation.Op.values();
    private static final RangeResponse.TxnStatus.State[] STATES = RangeResponse.TxnStatus.State.values();

    private RangeCodec() {
    }

    public static void writeRequest(ByteWriter w, RangeRequest request) {
        if (request instanceof RangeRequest.Get g) {
            w.u8(GET).bytes(g.key()).i64(g.readTs());
        } else if (request instanceof RangeRequest.Scan s) {
            w.u8(SCAN).bytes(s.startKey()).bytes(s.endKey()).i64(s.readTs()).i32(s.limit()).i32(s.filterKind());
            if (s.filterKind() != RangeRequest.Scan.NO_FILTER) {
                w.bytes(s.filter());
            }
        } else if (request instanceof RangeRequest.Prewrite p) {
            w.u8(PREWRITE);
            writeMutations(w, p.mutations());
            w.bytes(p.primary()).i64(p.startTs()).i64(p.ttlMs()).i64(p.priority()).bytes(p.lockedForUpdate().toByteArray());
        } else if (request instanceof RangeRequest.Commit c) {
            w.u8(COMMIT);
            writeKeys(w, c.keys());
            w.i64(c.startTs()).i64(c.commitTs());
        } else if (request instanceof RangeRequest.Rollback r) {
            w.u8(ROLLBACK);
            writeKeys(w, r.keys());
            w.i64(r.startTs());
        } else if (request instanceof RangeRequest.OnePhaseCommit c) {
            w.u8(ONE_PHASE);
            writeMutations(w, c.mutations());
            w.i64(c.startTs()).bytes(c.lockedForUpdate().toByteArray());
        } else if (request instanceof RangeRequest.AcquireLock a) {
            w.u8(ACQUIRE_LOCK);
            writeKeys(w, a.keys());
            w.bytes(a.primary()).i64(a.startTs()).i64(a.forUpdateTs()).i64(a.ttlMs()).i64(a.priority());
        } else if (request instanceof RangeRequest.CheckTxnStatus c) {
            w.u8(CHECK_TXN).bytes(c.primary()).i64(c.startTs()).i64(c.currentTs()).bool(c.rollbackIfExpired());
        } else if (request instanceof RangeRequest.ResolveLock r) {
            w.u8(RESOLVE);
            writeKeys(w, r.keys());
            w.i64(r.startTs()).i64(r.commitTs());
        } else if (request instanceof RangeRequest.TxnHeartbeat h) {
            w.u8(HEARTBEAT).bytes(h.primary()).i64(h.startTs()).i64(h.ttlMs());
        } else if (request instanceof RangeRequest.Gc gc) {
            w.u8(GC).i64(gc.safePointTs());
        } else if (request instanceof RangeRequest.SetSafePoint sp) {
            w.u8(SET_SAFE_POINT).i64(sp.safePointTs());
        } else if (request instanceof RangeRequest.ScanLocks sl) {
            w.u8(SCAN_LOCKS).i64(sl.maxStartTs()).i32(sl.limit());
        } else {
            throw new IllegalArgumentException("unknown range request " + request);
        }
    }

    private static java.util.BitSet bits(ByteReader r) {
        byte[] b = r.bytes();
        return b == null ? new java.util.BitSet() : java.util.BitSet.valueOf(b);
    }

    public static RangeRequest readRequest(ByteReader r) {
        int tag = r.u8();
        switch (tag) {
            case GET:
                return new RangeRequest.Get(key(r), r.i64());
            case SCAN:
            {
                byte[] start = key(r);
                byte[] end = key(r);
                long readTs = r.i64();
                int limit = r.i32();
                int filterKind = r.i32();
                return new RangeRequest.Scan(start, end, readTs, limit, filterKind, filterKind == RangeRequest.Scan.NO_FILTER ? null : r.bytes());
            }
            case PREWRITE:
                return new RangeRequest.Prewrite(readMutations(r), key(r), r.i64(), r.i64(), r.i64(), bits(r));
            case COMMIT:
                return new RangeRequest.Commit(readKeys(r), r.i64(), r.i64());
            case ROLLBACK:
                return new RangeRequest.Rollback(readKeys(r), r.i64());
            case ONE_PHASE:
                return new RangeRequest.OnePhaseCommit(readMutations(r), r.i64(), bits(r));
            case ACQUIRE_LOCK:
                return new RangeRequest.AcquireLock(readKeys(r), key(r), r.i64(), r.i64(), r.i64(), r.i64());
            case CHECK_TXN:
                return new RangeRequest.CheckTxnStatus(key(r), r.i64(), r.i64(), r.bool());
            case RESOLVE:
                return new RangeRequest.ResolveLock(readKeys(r), r.i64(), r.i64());
            case HEARTBEAT:
                return new RangeRequest.TxnHeartbeat(key(r), r.i64(), r.i64());
            case GC:
                return new RangeRequest.Gc(r.i64());
            case SET_SAFE_POINT:
                return new RangeRequest.SetSafePoint(r.i64());
            case SCAN_LOCKS:
                return new RangeRequest.ScanLocks(r.i64(), r.i32());
            default:
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown range request tag " + tag);
        }
    }

    public static void writeResponse(ByteWriter w, RangeResponse response) {
        if (response instanceof RangeResponse.Ok) {
            w.u8(OK);
        } else if (response instanceof RangeResponse.Value v) {
            w.u8(VALUE).bytes(v.value());
        } else if (response instanceof RangeResponse.Rows rows) {
            w.u8(ROWS).i32(rows.rows().size());
            for (KeyValue kv : rows.rows()) {
                w.bytes(kv.key()).bytes(kv.value());
            }
            w.bytes(rows.resumeKey());
        } else if (response instanceof RangeResponse.Committed c) {
            w.u8(COMMITTED).i64(c.commitTs());
        } else if (response instanceof RangeResponse.Locked l) {
            w.u8(LOCKED).i32(l.locks().size());
            for (LockInfo lock : l.locks()) {
                w.bytes(lock.key()).bytes(lock.primary()).i64(lock.startTs()).i64(lock.ttlMs()).u8(lock.op().ordinal()).i64(lock.priority());
            }
        } else if (response instanceof RangeResponse.TxnStatus s) {
            w.u8(TXN_STATUS).u8(s.state().ordinal()).i64(s.commitTs()).i64(s.lockTtlMs());
        } else if (response instanceof RangeResponse.NotLeader n) {
            w.u8(NOT_LEADER).i64(n.rangeId()).i32(n.leaderNodeId());
        } else {
            throw new IllegalArgumentException("unknown range response " + response);
        }
    }

    public static RangeResponse readResponse(ByteReader r) {
        int tag = r.u8();
        switch (tag) {
            case OK:
                return new RangeResponse.Ok();
            case VALUE:
                return new RangeResponse.Value(r.bytes());
            case ROWS: {
                int n = r.count(8);
                List<KeyValue> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rows.add(new KeyValue(key(r), r.bytes()));
                }
                return new RangeResponse.Rows(rows, r.bytes());
            }
            case COMMITTED:
                return new RangeResponse.Committed(r.i64());
            case LOCKED: {
                int n = r.count(33);
                List<LockInfo> locks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    locks.add(new LockInfo(key(r), key(r), r.i64(), r.i64(), op(r.u8()), r.i64()));
                }
                return new RangeResponse.Locked(locks);
            }
            case TXN_STATUS: {
                int state = r.u8();
                if (state >= STATES.length) {
                    throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown transaction state " + state);
                }
                return new RangeResponse.TxnStatus(STATES[state], r.i64(), r.i64());
            }
            case NOT_LEADER:
                return new RangeResponse.NotLeader(r.i64(), r.i32());
            default:
                throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown range response tag " + tag);
        }
    }

    private static byte[] key(ByteReader r) {
        byte[] k = r.bytes();
        if (k == null) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "a key must not be null");
        }
        return k;
    }

    private static Mutation.Op op(int ordinal) {
        if (ordinal >= OPS.length) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "unknown mutation op " + ordinal);
        }
        return OPS[ordinal];
    }

    private static void writeKeys(ByteWriter w, List<byte[]> keys) {
        w.i32(keys.size());
        keys.forEach(w::bytes);
    }

    private static List<byte[]> readKeys(ByteReader r) {
        int n = r.count(4);
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(key(r));
        }
        return keys;
    }

    private static void writeMutations(ByteWriter w, List<Mutation> mutations) {
        w.i32(mutations.size());
        for (Mutation m : mutations) {
            w.u8(m.op().ordinal()).bytes(m.key()).bytes(m.value());
        }
    }

    private static List<Mutation> readMutations(ByteReader r) {
        int n = r.count(9);
        List<Mutation> mutations = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Mutation.Op op = op(r.u8());
            byte[] key = key(r);
            byte[] value = r.bytes();
            try {
                mutations.add(new Mutation(op, key, value));
            } catch (IllegalArgumentException e) {
                throw new BasaltException(ErrorCode.INVALID_REQUEST, e.getMessage());
            }
        }
        if (mutations.isEmpty()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "a write must name at least one key");
        }
        return mutations;
    }

    public static void writeDescriptor(ByteWriter w, RangeDescriptor d) {
        w.i64(d.rangeId()).i32(d.slotStart()).i32(d.slotEnd()).i64(d.generation()).i32(d.replicas().size());
        d.replicas().forEach(w::i32);
    }

    public static RangeDescriptor readDescriptor(ByteReader r) {
        long id = r.i64();
        int start = r.i32();
        int end = r.i32();
        long generation = r.i64();
        int n = r.count(4);
        List<Integer> replicas = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replicas.add(r.i32());
        }
        try {
            return new RangeDescriptor(id, start, end, replicas, generation);
        } catch (IllegalArgumentException e) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }
}
