package dev.basalt.server.check.history;

/**
 * A bank transfer ({@code f = "transfer"}), and also a row of the ledger.
 *
 * <p>The invocation carries the amount requested; the database moves {@code min(amount, payer's
 * balance)}, so an OK completion, and the ledger row the transfer wrote, may carry a smaller
 * amount, even 0.
 *
 * @param id unique over the history; the ledger is keyed by it
 * @param from the paying account
 * @param to the receiving account
 * @param amount requested (invocation) or moved (ledger), {@code >= 0}
 */
public record Transfer(long id, long from, long to, long amount) {
    public Transfer {
        if (amount < 0) {
            throw new IllegalArgumentException("transfer " + id + ": amount must be >= 0, was " + amount);
        }
    }
}
