package dev.basalt.tpcc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Payment (clause 2.5): a customer pays an amount; it is added to the year-to-date totals of the
 * home warehouse and district, taken off the customer's balance and recorded in HISTORY. 85% of
 * the customers belong to the home warehouse, 15% to another one (when there is another).
 *
 * <p>The totals are changed by relative updates ({@code W_YTD = W_YTD + ?}), so they stay right at
 * READ COMMITTED too; the customer row is read {@code FOR UPDATE} because a bad-credit customer's
 * C_DATA is rewritten from its current value.
 */
final class Payment implements Transaction {
    /** C_DATA is cut to this length after the payment's details are put in front (clause 2.5.2.2). */
    static final int C_DATA_LENGTH_MAX = 500;

    static final String UPDATE_WAREHOUSE = "UPDATE WAREHOUSE SET W_YTD = W_YTD + ? WHERE W_ID = ?";
    static final String SELECT_WAREHOUSE = "SELECT W_NAME, W_STREET_1, W_STREET_2, W_CITY, W_STATE, W_ZIP FROM WAREHOUSE WHERE W_ID = ?";
    static final String UPDATE_DISTRICT = "UPDATE DISTRICT SET D_YTD = D_YTD + ? WHERE D_W_ID = ? AND D_ID = ?";
    static final String SELECT_DISTRICT = "SELECT D_NAME, D_STREET_1, D_STREET_2, D_CITY, D_STATE, D_ZIP FROM DISTRICT WHERE D_W_ID = ? AND D_ID = ?";
    static final String SELECT_CUSTOMER = "SELECT C_FIRST, C_MIDDLE, C_LAST, C_STREET_1, C_STREET_2, C_CITY, C_STATE, C_ZIP, C_PHONE, "
            + "C_SINCE, C_CREDIT, C_CREDIT_LIM, C_DISCOUNT, C_BALANCE, C_DATA FROM CUSTOMER WHERE C_W_ID = ? AND C_D_ID = ? AND C_ID = ? FOR UPDATE";
    static final String UPDATE_CUSTOMER = "UPDATE CUSTOMER SET C_BALANCE = C_BALANCE - ?, C_YTD_PAYMENT = C_YTD_PAYMENT + ?, "
            + "C_PAYMENT_CNT = C_PAYMENT_CNT + 1 WHERE C_W_ID = ? AND C_D_ID = ? AND C_ID = ?";
    static final String UPDATE_BAD_CREDIT_CUSTOMER = "UPDATE CUSTOMER SET C_BALANCE = C_BALANCE - ?, C_YTD_PAYMENT = C_YTD_PAYMENT + ?, "
            + "C_PAYMENT_CNT = C_PAYMENT_CNT + 1, C_DATA = ? WHERE C_W_ID = ? AND C_D_ID = ? AND C_ID = ?";
    static final String INSERT_HISTORY = "INSERT INTO HISTORY (H_W_ID, H_ID, H_C_ID, H_C_D_ID, H_C_W_ID, H_D_ID, H_DATE, H_AMOUNT, H_DATA) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final int warehouse;
    private final int district;
    private final CustomerLookup.Key customer;
    private final BigDecimal amount;
    /** Drawn once, without the terminal's seed, so that two runs with one seed never write the same HISTORY key. */
    private final long historyId = ThreadLocalRandom.current().nextLong();

    Payment(int warehouse, int district, CustomerLookup.Key customer, BigDecimal amount) {
        this.warehouse = warehouse;
        this.district = district;
        this.customer = customer;
        this.amount = amount;
    }

    /** The inputs of clause 2.5.1. */
    static Payment draw(TerminalContext t) {
        TpccRandom r = t.random();
        int district = t.randomDistrict();
        int customerWarehouse = t.homeWarehouse();
        int customerDistrict = district;
        if (r.uniform(1, 100) > 85 && t.warehouses() > 1) {
            customerWarehouse = t.remoteWarehouse();
            customerDistrict = t.randomDistrict();
        }
        CustomerLookup.Key key = CustomerLookup.Key.draw(r, customerWarehouse, customerDistrict);
        return new Payment(t.homeWarehouse(), district, key, r.decimal(100, 500_000, 2));
    }

    @Override
    public TxnType type() {
        return TxnType.PAYMENT;
    }

    @Override
    public Outcome attempt(Statements s) throws SQLException {
        PreparedStatement ps = s.get(UPDATE_WAREHOUSE);
        ps.setBigDecimal(1, amount);
        ps.setInt(2, warehouse);
        Statements.expectCount(ps.executeUpdate(), 1, "UPDATE WAREHOUSE (W_YTD) of W_ID=" + warehouse);
        String warehouseName;
        ps = s.get(SELECT_WAREHOUSE);
        ps.setInt(1, warehouse);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("WAREHOUSE row W_ID=" + warehouse + " is missing");
            }
            warehouseName = rs.getString(1);
        }
        ps = s.get(UPDATE_DISTRICT);
        ps.setBigDecimal(1, amount);
        ps.setInt(2, warehouse);
        ps.setInt(3, district);
        Statements.expectCount(ps.executeUpdate(), 1, "UPDATE DISTRICT (D_YTD) of D_W_ID=" + warehouse + " D_ID=" + district);
        String districtName;
        ps = s.get(SELECT_DISTRICT);
        ps.setInt(1, warehouse);
        ps.setInt(2, district);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("DISTRICT row D_W_ID=" + warehouse + " D_ID=" + district + " is missing");
            }
            districtName = rs.getString(1);
        }

        int customerId = CustomerLookup.resolve(s, customer);
        String credit;
        String data;
        ps = s.get(SELECT_CUSTOMER);
        ps.setInt(1, customer.warehouse());
        ps.setInt(2, customer.district());
        ps.setInt(3, customerId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("CUSTOMER row C_W_ID=" + customer.warehouse() + " C_D_ID=" + customer.district()
                        + " C_ID=" + customerId + " is missing");
            }
            credit = rs.getString(11).trim(); // CHAR(2): PostgreSQL pads, Basalt does not
            data = rs.getString(15);
        }
        if (credit.equals("BC")) {
            String entry = customerId + " " + customer.district() + " " + customer.warehouse() + " " + district + " " + warehouse
                    + " " + amount.toPlainString() + " | ";
            String newData = entry + (data == null ? "" : data);
            if (newData.length() > C_DATA_LENGTH_MAX) {
                newData = newData.substring(0, C_DATA_LENGTH_MAX);
            }
            ps = s.get(UPDATE_BAD_CREDIT_CUSTOMER);
            ps.setBigDecimal(1, amount);
            ps.setBigDecimal(2, amount);
            ps.setString(3, newData);
            ps.setInt(4, customer.warehouse());
            ps.setInt(5, customer.district());
            ps.setInt(6, customerId);
        } else {
            ps = s.get(UPDATE_CUSTOMER);
            ps.setBigDecimal(1, amount);
            ps.setBigDecimal(2, amount);
            ps.setInt(3, customer.warehouse());
            ps.setInt(4, customer.district());
            ps.setInt(5, customerId);
        }
        Statements.expectCount(ps.executeUpdate(), 1, "UPDATE CUSTOMER (payment) of " + customer);

        ps = s.get(INSERT_HISTORY);
        ps.setInt(1, warehouse);
        ps.setLong(2, historyId);
        ps.setInt(3, customerId);
        ps.setInt(4, customer.district());
        ps.setInt(5, customer.warehouse());
        ps.setInt(6, district);
        ps.setTimestamp(7, new Timestamp(System.currentTimeMillis()));
        ps.setBigDecimal(8, amount);
        ps.setString(9, warehouseName + "    " + districtName);
        Statements.expectCount(ps.executeUpdate(), 1, "INSERT INTO HISTORY");
        return Outcome.COMMIT;
    }
}
