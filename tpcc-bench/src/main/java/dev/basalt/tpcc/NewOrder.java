package dev.basalt.tpcc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * New-Order (clause 2.4): enter an order of 5 to 15 lines for a customer of the home warehouse.
 * The district's next order id is read {@code FOR UPDATE} and incremented, the order and its
 * NEW_ORDER row are inserted, each line's item is read and its stock row read {@code FOR
 * UPDATE}; the stock updates and the order lines go to the database as two JDBC batches at the
 * end. 1% of the orders name an unused item as their last line: the item lookup finds nothing and
 * the transaction is rolled back on purpose (clause 2.4.2.3).
 *
 * <p>Departure from the spec: the lines are visited in (supply warehouse, item id) order rather
 * than in the order drawn, so that two New-Orders lock the stock rows they share in the same
 * order; the unused item stays last.
 */
final class NewOrder implements Transaction {
    /** An item id no ITEM row has: the 1% rollback's last line. */
    static final int UNUSED_ITEM_ID = Scale.ITEMS + 1;
    /** A stock quantity that would fall below this many units after an order is restocked by 91 (clause 2.4.2.2). */
    static final int RESTOCK_BELOW = 10;
    static final int RESTOCK_UNITS = 91;

    static final String SELECT_WAREHOUSE = "SELECT W_TAX FROM WAREHOUSE WHERE W_ID = ?";
    static final String SELECT_DISTRICT = "SELECT D_NEXT_O_ID, D_TAX FROM DISTRICT WHERE D_W_ID = ? AND D_ID = ? FOR UPDATE";
    static final String UPDATE_DISTRICT = "UPDATE DISTRICT SET D_NEXT_O_ID = D_NEXT_O_ID + 1 WHERE D_W_ID = ? AND D_ID = ?";
    static final String SELECT_CUSTOMER = "SELECT C_DISCOUNT, C_LAST, C_CREDIT FROM CUSTOMER WHERE C_W_ID = ? AND C_D_ID = ? AND C_ID = ?";
    static final String INSERT_ORDER = "INSERT INTO OORDER (O_W_ID, O_D_ID, O_ID, O_C_ID, O_CARRIER_ID, O_OL_CNT, O_ALL_LOCAL, O_ENTRY_D) "
            + "VALUES (?, ?, ?, ?, NULL, ?, ?, ?)";
    static final String INSERT_NEW_ORDER = "INSERT INTO NEW_ORDER (NO_W_ID, NO_D_ID, NO_O_ID) VALUES (?, ?, ?)";
    static final String SELECT_ITEM = "SELECT I_PRICE, I_NAME, I_DATA FROM ITEM WHERE I_ID = ?";
    /** One text per district: the S_DIST_xx column of the order's district. */
    static final String SELECT_STOCK = "SELECT S_QUANTITY, S_DATA, S_DIST_%02d FROM STOCK WHERE S_W_ID = ? AND S_I_ID = ? FOR UPDATE";
    static final String UPDATE_STOCK = "UPDATE STOCK SET S_QUANTITY = ?, S_YTD = S_YTD + ?, S_ORDER_CNT = S_ORDER_CNT + 1, "
            + "S_REMOTE_CNT = S_REMOTE_CNT + ? WHERE S_W_ID = ? AND S_I_ID = ?";
    static final String INSERT_ORDER_LINE = "INSERT INTO ORDER_LINE (OL_W_ID, OL_D_ID, OL_O_ID, OL_NUMBER, OL_I_ID, OL_DELIVERY_D, "
            + "OL_AMOUNT, OL_SUPPLY_W_ID, OL_QUANTITY, OL_DIST_INFO) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)";

    /** One line of the order as drawn. */
    record Line(int itemId, int supplyWarehouse, int quantity) {
    }

    private final int warehouse;
    private final int district;
    private final int customer;
    private final Line[] lines;
    private final boolean allLocal;
    /** What the terminal's screen shows: each line's brand-generic flag and the order's total. */
    private final char[] brandGeneric;
    private BigDecimal displayTotal;

    NewOrder(int warehouse, int district, int customer, Line[] lines) {
        this.warehouse = warehouse;
        this.district = district;
        this.customer = customer;
        this.lines = lines;
        this.allLocal = Arrays.stream(lines).allMatch(l -> l.supplyWarehouse() == warehouse);
        this.brandGeneric = new char[lines.length];
    }

    /** The total of the last committed attempt (null before): what the terminal would display. */
    BigDecimal displayTotal() {
        return displayTotal;
    }

    /** The inputs of clause 2.4.1. */
    static NewOrder draw(TerminalContext t) {
        TpccRandom r = t.random();
        int lineCount = r.uniform(Scale.ORDER_LINES_MIN, Scale.ORDER_LINES_MAX);
        boolean rollback = r.uniform(1, 100) == 1;
        Line[] lines = new Line[lineCount];
        for (int i = 0; i < lineCount; i++) {
            int item = rollback && i == lineCount - 1 ? UNUSED_ITEM_ID : r.itemId();
            int supply = r.uniform(1, 100) == 1 ? t.remoteWarehouse() : t.homeWarehouse();
            lines[i] = new Line(item, supply, r.uniform(1, 10));
        }
        // The unused item (if any) sorts last: its id is above every real one.
        Arrays.sort(lines, Comparator.comparingInt((Line l) -> l.itemId() == UNUSED_ITEM_ID ? 1 : 0)
                .thenComparingInt(Line::supplyWarehouse).thenComparingInt(Line::itemId));
        return new NewOrder(t.homeWarehouse(), t.randomDistrict(), r.customerId(), lines);
    }

    @Override
    public TxnType type() {
        return TxnType.NEW_ORDER;
    }

    @Override
    public Outcome attempt(Statements s) throws SQLException {
        BigDecimal warehouseTax;
        PreparedStatement ps = s.get(SELECT_WAREHOUSE);
        ps.setInt(1, warehouse);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("WAREHOUSE row W_ID=" + warehouse + " is missing");
            }
            warehouseTax = rs.getBigDecimal(1);
        }
        int orderId;
        BigDecimal districtTax;
        ps = s.get(SELECT_DISTRICT);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("DISTRICT row D_W_ID=" + warehouse + " D_ID=" + district + " is missing");
            }
            orderId = rs.getInt(1);
            districtTax = rs.getBigDecimal(2);
        }
        ps = s.get(UPDATE_DISTRICT);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        Statements.expectCount(ps.executeUpdate(), 1, "UPDATE DISTRICT (next order id)");

        BigDecimal discount;
        ps = s.get(SELECT_CUSTOMER);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        ps.setInt(3, customer);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("CUSTOMER row C_W_ID=" + warehouse + " C_D_ID=" + district + " C_ID=" + customer + " is missing");
            }
            discount = rs.getBigDecimal(1);
            rs.getString(2); // C_LAST and C_CREDIT go to the terminal's screen
            rs.getString(3);
        }

        Timestamp entry = new Timestamp(System.currentTimeMillis());
        ps = s.get(INSERT_ORDER);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        ps.setInt(3, orderId);
        ps.setInt(4, customer);
        ps.setInt(5, lines.length);
        ps.setInt(6, allLocal ? 1 : 0);
        ps.setTimestamp(7, entry);
        Statements.expectCount(ps.executeUpdate(), 1, "INSERT INTO OORDER");
        ps = s.get(INSERT_NEW_ORDER);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        ps.setInt(3, orderId);
        Statements.expectCount(ps.executeUpdate(), 1, "INSERT INTO NEW_ORDER");

        PreparedStatement item = s.get(SELECT_ITEM);
        PreparedStatement stock = s.get(String.format(SELECT_STOCK, district));
        PreparedStatement updateStock = s.get(UPDATE_STOCK);
        PreparedStatement insertLine = s.get(INSERT_ORDER_LINE);
        updateStock.clearBatch(); // what a failed earlier attempt may have left
        insertLine.clearBatch();
        // A line may name an item an earlier line of this order named: its stock is then what
        // this order left it at, not what the (batched, not yet sent) update would read.
        Map<Long, Integer> quantityAfter = new HashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lines.length; i++) {
            Line line = lines[i];
            BigDecimal price;
            String itemData;
            item.setInt(1, line.itemId());
            try (ResultSet rs = item.executeQuery()) {
                if (!rs.next()) {
                    if (line.itemId() != UNUSED_ITEM_ID) {
                        throw new IllegalStateException("ITEM row I_ID=" + line.itemId() + " is missing");
                    }
                    updateStock.clearBatch();
                    insertLine.clearBatch();
                    return Outcome.ROLLBACK;
                }
                price = rs.getBigDecimal(1);
                rs.getString(2);
                itemData = rs.getString(3);
            }
            int quantity;
            String stockData;
            String distInfo;
            stock.setInt(1, line.supplyWarehouse());
            stock.setInt(2, line.itemId());
            try (ResultSet rs = stock.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("STOCK row S_W_ID=" + line.supplyWarehouse() + " S_I_ID=" + line.itemId() + " is missing");
                }
                quantity = rs.getInt(1);
                stockData = rs.getString(2);
                distInfo = rs.getString(3);
            }
            long stockKey = ((long) line.supplyWarehouse() << 32) | line.itemId();
            quantity = quantityAfter.getOrDefault(stockKey, quantity);
            int newQuantity = quantity >= line.quantity() + RESTOCK_BELOW
                    ? quantity - line.quantity() : quantity - line.quantity() + RESTOCK_UNITS;
            quantityAfter.put(stockKey, newQuantity);
            updateStock.setInt(1, newQuantity);
            updateStock.setInt(2, line.quantity());
            updateStock.setInt(3, line.supplyWarehouse() == warehouse ? 0 : 1);
            updateStock.setInt(4, line.supplyWarehouse());
            updateStock.setInt(5, line.itemId());
            updateStock.addBatch();

            BigDecimal amount = price.multiply(BigDecimal.valueOf(line.quantity()));
            total = total.add(amount);
            brandGeneric[i] = itemData.contains(TpccRandom.ORIGINAL) && stockData.contains(TpccRandom.ORIGINAL) ? 'B' : 'G';
            insertLine.setInt(1, warehouse);
            insertLine.setInt(2, district);
            insertLine.setInt(3, orderId);
            insertLine.setInt(4, i + 1);
            insertLine.setInt(5, line.itemId());
            insertLine.setBigDecimal(6, amount);
            insertLine.setInt(7, line.supplyWarehouse());
            insertLine.setInt(8, line.quantity());
            insertLine.setString(9, distInfo);
            insertLine.addBatch();
        }
        Statements.expectBatch(updateStock.executeBatch(), lines.length, "UPDATE STOCK");
        Statements.expectBatch(insertLine.executeBatch(), lines.length, "INSERT INTO ORDER_LINE");
        // The order's total, as the terminal shows it (clause 2.4.2.2).
        displayTotal = total.multiply(BigDecimal.ONE.subtract(discount)).multiply(BigDecimal.ONE.add(warehouseTax).add(districtTax))
                .setScale(2, RoundingMode.HALF_UP);
        return Outcome.COMMIT;
    }
}
