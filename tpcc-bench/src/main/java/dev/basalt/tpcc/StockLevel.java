package dev.basalt.tpcc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Stock-Level (clause 2.8): read-only. How many distinct items of the last 20 orders of the
 * terminal's district have a stock below a threshold drawn in [10, 20]: one join of ORDER_LINE
 * and STOCK, both read by key prefix of the home warehouse.
 */
final class StockLevel implements Transaction {
    /** The orders examined: the district's last 20 (clause 2.8.2.2). */
    static final int RECENT_ORDERS = 20;

    static final String SELECT_NEXT_ORDER = "SELECT D_NEXT_O_ID FROM DISTRICT WHERE D_W_ID = ? AND D_ID = ?";
    static final String COUNT_LOW_STOCK = "SELECT COUNT(DISTINCT (S_I_ID)) AS STOCK_COUNT FROM ORDER_LINE, STOCK "
            + "WHERE OL_W_ID = ? AND OL_D_ID = ? AND OL_O_ID < ? AND OL_O_ID >= ? "
            + "AND S_W_ID = ? AND S_I_ID = OL_I_ID AND S_QUANTITY < ?";

    private final int warehouse;
    private final int district;
    private final int threshold;
    private int lowStock;

    StockLevel(int warehouse, int district, int threshold) {
        this.warehouse = warehouse;
        this.district = district;
        this.threshold = threshold;
    }

    /** The inputs of clause 2.8.1: the terminal's own district, a threshold in [10, 20]. */
    static StockLevel draw(TerminalContext t) {
        return new StockLevel(t.homeWarehouse(), t.district(), t.random().uniform(10, 20));
    }

    @Override
    public TxnType type() {
        return TxnType.STOCK_LEVEL;
    }

    /** The count the last attempt found (what the terminal displays). */
    int lowStock() {
        return lowStock;
    }

    @Override
    public Outcome attempt(Statements s) throws SQLException {
        int nextOrder;
        PreparedStatement ps = s.get(SELECT_NEXT_ORDER);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("DISTRICT row D_W_ID=" + warehouse + " D_ID=" + district + " is missing");
            }
            nextOrder = rs.getInt(1);
        }
        ps = s.get(COUNT_LOW_STOCK);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        ps.setInt(3, nextOrder);
        ps.setInt(4, nextOrder - RECENT_ORDERS);
        ps.setInt(5, warehouse);
        ps.setInt(6, threshold);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("COUNT(DISTINCT S_I_ID) returned no row");
            }
            lowStock = rs.getInt(1);
        }
        return Outcome.COMMIT;
    }
}
