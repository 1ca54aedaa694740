package dev.basalt.tpcc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Order-Status (clause 2.6): read-only. A customer of the home warehouse (by id or last name),
 * that customer's latest order ({@code ORDER BY O_ID DESC LIMIT 1}, through the index on
 * (O_W_ID, O_D_ID, O_C_ID, O_ID)) and its lines.
 */
final class OrderStatus implements Transaction {
    /** An order has at most 15 lines; more means the data is wrong. */
    static final int LINES_MAX = Scale.ORDER_LINES_MAX;

    static final String SELECT_CUSTOMER = "SELECT C_FIRST, C_MIDDLE, C_LAST, C_BALANCE FROM CUSTOMER WHERE C_W_ID = ? AND C_D_ID = ? AND C_ID = ?";
    static final String SELECT_LAST_ORDER = "SELECT O_ID, O_CARRIER_ID, O_ENTRY_D FROM OORDER WHERE O_W_ID = ? AND O_D_ID = ? AND O_C_ID = ? "
            + "ORDER BY O_ID DESC LIMIT 1";
    static final String SELECT_LINES = "SELECT OL_I_ID, OL_SUPPLY_W_ID, OL_QUANTITY, OL_AMOUNT, OL_DELIVERY_D FROM ORDER_LINE "
            + "WHERE OL_W_ID = ? AND OL_D_ID = ? AND OL_O_ID = ?";

    private final CustomerLookup.Key customer;

    OrderStatus(CustomerLookup.Key customer) {
        this.customer = customer;
    }

    /** The inputs of clause 2.6.1. */
    static OrderStatus draw(TerminalContext t) {
        return new OrderStatus(CustomerLookup.Key.draw(t.random(), t.homeWarehouse(), t.randomDistrict()));
    }

    @Override
    public TxnType type() {
        return TxnType.ORDER_STATUS;
    }

    @Override
    public Outcome attempt(Statements s) throws SQLException {
        int customerId = CustomerLookup.resolve(s, customer);
        PreparedStatement ps = s.get(SELECT_CUSTOMER);
        ps.setInt(1, customer.warehouse());
        ps.setInt(2, customer.district());
        ps.setInt(3, customerId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("CUSTOMER row C_W_ID=" + customer.warehouse() + " C_D_ID=" + customer.district()
                        + " C_ID=" + customerId + " is missing");
            }
            rs.getBigDecimal(4);
        }
        int orderId;
        ps = s.get(SELECT_LAST_ORDER);
        ps.setInt(1, customer.warehouse());
        ps.setInt(2, customer.district());
        ps.setInt(3, customerId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Outcome.COMMIT; // a customer without orders: nothing more to show
            }
            orderId = rs.getInt(1);
            rs.getTimestamp(3);
        }
        ps = s.get(SELECT_LINES);
        ps.setInt(1, customer.warehouse());
        ps.setInt(2, customer.district());
        ps.setInt(3, orderId);
        int lines = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (++lines > LINES_MAX) {
                    throw new IllegalStateException("order (" + customer.warehouse() + ", " + customer.district() + ", " + orderId
                            + ") has more than " + LINES_MAX + " ORDER_LINE rows");
                }
                rs.getBigDecimal(4);
            }
        }
        return Outcome.COMMIT;
    }
}
