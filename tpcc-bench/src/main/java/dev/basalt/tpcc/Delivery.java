package dev.basalt.tpcc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Delivery (clause 2.7): for each of the home warehouse's ten districts, the oldest undelivered
 * order is delivered: its NEW_ORDER row deleted, its carrier set, its lines dated, and the
 * customer's balance credited with the lines' total. All ten districts form one database
 * transaction.
 *
 * <p>Departures from the spec: Delivery runs in the terminal like the other transactions (the
 * spec queues it and runs it deferred), and a district without an undelivered order is skipped
 * and counted ({@link #skippedDistricts}). When the DELETE of the oldest NEW_ORDER row deletes
 * nothing, another Delivery delivered that order after this one read it: the attempt is retried.
 */
final class Delivery implements Transaction {
    static final String SELECT_OLDEST = "SELECT NO_O_ID FROM NEW_ORDER WHERE NO_W_ID = ? AND NO_D_ID = ? ORDER BY NO_O_ID ASC LIMIT 1";
    static final String DELETE_NEW_ORDER = "DELETE FROM NEW_ORDER WHERE NO_W_ID = ? AND NO_D_ID = ? AND NO_O_ID = ?";
    static final String SELECT_ORDER = "SELECT O_C_ID FROM OORDER WHERE O_W_ID = ? AND O_D_ID = ? AND O_ID = ?";
    static final String UPDATE_ORDER = "UPDATE OORDER SET O_CARRIER_ID = ? WHERE O_W_ID = ? AND O_D_ID = ? AND O_ID = ?";
    static final String UPDATE_LINES = "UPDATE ORDER_LINE SET OL_DELIVERY_D = ? WHERE OL_W_ID = ? AND OL_D_ID = ? AND OL_O_ID = ?";
    static final String SUM_LINES = "SELECT SUM(OL_AMOUNT) FROM ORDER_LINE WHERE OL_W_ID = ? AND OL_D_ID = ? AND OL_O_ID = ?";
    static final String UPDATE_CUSTOMER = "UPDATE CUSTOMER SET C_BALANCE = C_BALANCE + ?, C_DELIVERY_CNT = C_DELIVERY_CNT + 1 "
            + "WHERE C_W_ID = ? AND C_D_ID = ? AND C_ID = ?";

    private final int warehouse;
    private final int carrier;
    private int skippedDistricts;

    Delivery(int warehouse, int carrier) {
        this.warehouse = warehouse;
        this.carrier = carrier;
    }

    /** The inputs of clause 2.7.1. */
    static Delivery draw(TerminalContext t) {
        return new Delivery(t.homeWarehouse(), t.random().uniform(1, 10));
    }

    @Override
    public TxnType type() {
        return TxnType.DELIVERY;
    }

    /** Districts the last attempt found without an undelivered order. */
    int skippedDistricts() {
        return skippedDistricts;
    }

    @Override
    public Outcome attempt(Statements s) throws SQLException {
        skippedDistricts = 0;
        Timestamp now = new Timestamp(System.currentTimeMillis());
        for (int district = 1; district <= Scale.DISTRICTS_PER_WAREHOUSE; district++) {
            int orderId;
            PreparedStatement ps = s.get(SELECT_OLDEST);
            ps.setInt(1, warehouse);
            ps.setInt(2, district);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    skippedDistricts++;
                    continue;
                }
                orderId = rs.getInt(1);
            }
            String order = "order (W=" + warehouse + ", D=" + district + ", O=" + orderId + ")";
            ps = s.get(DELETE_NEW_ORDER);
            ps.setInt(1, warehouse);
            ps.setInt(2, district);
            ps.setInt(3, orderId);
            int deleted = ps.executeUpdate();
            if (deleted == 0) {
                throw new SqlErrors.LostRace("the NEW_ORDER row of " + order + " was delivered by another Delivery");
            }
            Statements.expectCount(deleted, 1, "DELETE FROM NEW_ORDER of " + order);
            int customer;
            ps = s.get(SELECT_ORDER);
            ps.setInt(1, warehouse);
            ps.setInt(2, district);
            ps.setInt(3, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("OORDER row of " + order + " is missing, but its NEW_ORDER row was there");
                }
                customer = rs.getInt(1);
            }
            ps = s.get(UPDATE_ORDER);
            ps.setInt(1, carrier);
            ps.setInt(2, warehouse);
            ps.setInt(3, district);
            ps.setInt(4, orderId);
            Statements.expectCount(ps.executeUpdate(), 1, "UPDATE OORDER (carrier) of " + order);
            ps = s.get(UPDATE_LINES);
            ps.setTimestamp(1, now);
            ps.setInt(2, warehouse);
            ps.setInt(3, district);
            ps.setInt(4, orderId);
            int lines = ps.executeUpdate();
            if (lines < Scale.ORDER_LINES_MIN || lines > Scale.ORDER_LINES_MAX) {
                throw new IllegalStateException("UPDATE ORDER_LINE (delivery date) of " + order + " changed " + lines + " rows, expected "
                        + Scale.ORDER_LINES_MIN + " to " + Scale.ORDER_LINES_MAX);
            }
            BigDecimal total;
            ps = s.get(SUM_LINES);
            ps.setInt(1, warehouse);
            ps.setInt(2, district);
            ps.setInt(3, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBigDecimal(1) == null) {
                    throw new IllegalStateException("SUM(OL_AMOUNT) of " + order + " is NULL: the order has no lines");
                }
                total = rs.getBigDecimal(1);
            }
            ps = s.get(UPDATE_CUSTOMER);
            ps.setBigDecimal(1, total);
            ps.setInt(2, warehouse);
            ps.setInt(3, district);
            ps.setInt(4, customer);
            Statements.expectCount(ps.executeUpdate(), 1, "UPDATE CUSTOMER (delivery) C_ID=" + customer + " of " + order);
        }
        return Outcome.COMMIT;
    }
}
