package dev.basalt.txn;

/**
 * Where a transaction gateway reports the start timestamp of its oldest active transaction, so
 * that garbage collection keeps every version that transaction may read (DESIGN.md section 4).
 * A report is valid until {@code expiresAtMs}, measured on the oracle's clock (the physical part of
 * its timestamps), so the gateway's own clock plays no part; a gateway that stops reporting (it
 * died or is cut off) stops holding garbage collection back once its last report expires.
 */
@FunctionalInterface
public interface GatewayReporter {
    GatewayReporter NONE = (gatewayId, oldestActiveStartTs, expiresAtMs) -> { };

    void report(String gatewayId, long oldestActiveStartTs, long expiresAtMs);
}
