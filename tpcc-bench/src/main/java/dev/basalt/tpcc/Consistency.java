package dev.basalt.tpcc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TPC-C's consistency conditions (clause 3.3.2), checked warehouse by warehouse, each warehouse
 * in one REPEATABLE READ transaction so that all its tables are read at one snapshot. The
 * database aggregates (GROUP BY over key prefixes of one warehouse); the comparisons happen here,
 * so every violation can be named with its keys and both values.
 *
 * <p>Checked: conditions 1 to 10 and 12. Condition 11 ({@code count(ORDER) - count(NEW_ORDER) =
 * 2100} per district) holds only for the freshly loaded database — each Delivery moves the
 * difference by one — so it is not checked. Condition 10 sums HISTORY by the customer's
 * warehouse, which is not HISTORY's placement column: each warehouse's check scans all of
 * HISTORY, so checking W warehouses reads HISTORY W times.
 */
final class Consistency {
    /** Violations named per condition; the rest are only counted. */
    static final int EXAMPLES_MAX = 5;

    /** The titles of the conditions checked, by number. */
    static final Map<Integer, String> CONDITIONS = new LinkedHashMap<>();

    static {
        CONDITIONS.put(1, "W_YTD = sum(D_YTD)");
        CONDITIONS.put(2, "D_NEXT_O_ID - 1 = max(O_ID) = max(NO_O_ID)");
        CONDITIONS.put(3, "max(NO_O_ID) - min(NO_O_ID) + 1 = NEW_ORDER rows");
        CONDITIONS.put(4, "sum(O_OL_CNT) = ORDER_LINE rows");
        CONDITIONS.put(5, "O_CARRIER_ID is NULL exactly when a NEW_ORDER row exists");
        CONDITIONS.put(6, "O_OL_CNT = the order's ORDER_LINE rows");
        CONDITIONS.put(7, "OL_DELIVERY_D is NULL exactly when O_CARRIER_ID is NULL");
        CONDITIONS.put(8, "W_YTD = sum(H_AMOUNT) of the warehouse");
        CONDITIONS.put(9, "D_YTD = sum(H_AMOUNT) of the district");
        CONDITIONS.put(10, "C_BALANCE = delivered sum(OL_AMOUNT) - sum(H_AMOUNT)");
        CONDITIONS.put(12, "C_BALANCE + C_YTD_PAYMENT = delivered sum(OL_AMOUNT)");
    }

    /** The outcome of one condition (number 0: the database does not hold the warehouses asked for). */
    record Condition(int number, String title, long violations, List<String> examples) {
        boolean ok() {
            return violations == 0;
        }

        String line() {
            String head = "consistency: " + (number == 0 ? "population" : "condition " + number) + " (" + title + "): ";
            if (ok()) {
                return head + "OK";
            }
            return head + "FAIL, " + violations + " violation" + (violations == 1 ? "" : "s") + ": " + String.join("; ", examples)
                    + (violations > examples.size() ? "; ..." : "");
        }
    }

    /** All conditions' outcomes. */
    record Result(List<Condition> conditions) {
        boolean ok() {
            return conditions.stream().allMatch(Condition::ok);
        }

        List<Integer> failed() {
            return conditions.stream().filter(c -> !c.ok()).map(Condition::number).toList();
        }
    }

    private static final class Tally {
        final int number;
        long violations;
        final List<String> examples = new ArrayList<>();

        Tally(int number) {
            this.number = number;
        }

        void violation(String example) {
            violations++;
            if (examples.size() < EXAMPLES_MAX) {
                examples.add(example);
            }
        }

        Condition condition() {
            return new Condition(number, number == 0 ? "WAREHOUSE and DISTRICT rows of every warehouse" : CONDITIONS.get(number),
                    violations, List.copyOf(examples));
        }
    }

    private final Map<Integer, Tally> tallies = new LinkedHashMap<>();

    private Consistency() {
        tallies.put(0, new Tally(0));
        for (int n : CONDITIONS.keySet()) {
            tallies.put(n, new Tally(n));
        }
    }

    /** Checks warehouses 1..{@code warehouses} through {@code c} (its autocommit and isolation are changed). */
    static Result check(Connection c, int warehouses) throws SQLException {
        Consistency check = new Consistency();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            for (int w = 1; w <= warehouses; w++) {
                check.warehouse(c, w);
                c.commit();
            }
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the check's error is reported
            }
            throw new SQLException("consistency check failed to read: " + SqlErrors.describe(e), e.getSQLState(), e);
        }
        List<Condition> out = new ArrayList<>();
        for (Tally t : check.tallies.values()) {
            out.add(t.condition());
        }
        return new Result(out);
    }

    private void violation(int condition, String example) {
        tallies.get(condition).violation(example);
    }

    /** Order (district, order id) packed in a long. */
    private static long order(int d, int o) {
        return ((long) d << 32) | (o & 0xffffffffL);
    }

    private static long customer(int d, int c) {
        return order(d, c);
    }

    private static BigDecimal orZero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static boolean equal(BigDecimal a, BigDecimal b) {
        return orZero(a).compareTo(orZero(b)) == 0;
    }

    private void warehouse(Connection c, int w) throws SQLException {
        String where = "W=" + w;
        BigDecimal[] warehouseRow = new BigDecimal[1];
        rows(c, "SELECT W_YTD FROM WAREHOUSE WHERE W_ID = ?", w, rs -> warehouseRow[0] = orZero(rs.getBigDecimal(1)));
        BigDecimal warehouseYtd = warehouseRow[0];
        if (warehouseYtd == null) {
            violation(0, "no WAREHOUSE row W_ID=" + w + " (run tpcc load with --warehouses covering it)");
            return;
        }
        Map<Integer, Integer> nextOrder = new HashMap<>();
        Map<Integer, BigDecimal> districtYtd = new HashMap<>();
        rows(c, "SELECT D_ID, D_NEXT_O_ID, D_YTD FROM DISTRICT WHERE D_W_ID = ?", w, rs -> {
            nextOrder.put(rs.getInt(1), rs.getInt(2));
            districtYtd.put(rs.getInt(1), rs.getBigDecimal(3));
        });
        if (nextOrder.size() != Scale.DISTRICTS_PER_WAREHOUSE) {
            violation(0, where + " has " + nextOrder.size() + " DISTRICT rows, expected " + Scale.DISTRICTS_PER_WAREHOUSE);
            return;
        }
        // 1
        BigDecimal districtSum = districtYtd.values().stream().map(Consistency::orZero).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!equal(warehouseYtd, districtSum)) {
            violation(1, where + " W_YTD=" + warehouseYtd + " but sum(D_YTD)=" + districtSum);
        }
        // Orders, per district and per order.
        Map<Integer, long[]> orderAgg = new HashMap<>(); // d -> {max O_ID, sum O_OL_CNT}
        Map<Long, int[]> orders = new HashMap<>(); // (d, o) -> {O_C_ID, O_CARRIER_ID or -1, O_OL_CNT}
        rows(c, "SELECT O_D_ID, O_ID, O_C_ID, O_CARRIER_ID, O_OL_CNT FROM OORDER WHERE O_W_ID = ?", w, rs -> {
            int d = rs.getInt(1);
            int o = rs.getInt(2);
            int carrier = rs.getInt(4);
            if (rs.wasNull()) {
                carrier = -1;
            }
            int lines = rs.getInt(5);
            orders.put(order(d, o), new int[] {rs.getInt(3), carrier, lines});
            long[] agg = orderAgg.computeIfAbsent(d, k -> new long[2]);
            agg[0] = Math.max(agg[0], o);
            agg[1] += lines;
        });
        Map<Integer, long[]> newOrderAgg = new HashMap<>(); // d -> {max, min, count}
        Set<Long> newOrders = new HashSet<>();
        rows(c, "SELECT NO_D_ID, NO_O_ID FROM NEW_ORDER WHERE NO_W_ID = ?", w, rs -> {
            int d = rs.getInt(1);
            int o = rs.getInt(2);
            newOrders.add(order(d, o));
            long[] agg = newOrderAgg.computeIfAbsent(d, k -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0});
            agg[0] = Math.max(agg[0], o);
            agg[1] = Math.min(agg[1], o);
            agg[2]++;
        });
        Map<Long, Object[]> lineAgg = new HashMap<>(); // (d, o) -> {count, delivered count, delivered amount}
        Map<Integer, Long> linesPerDistrict = new HashMap<>();
        rows(c, "SELECT OL_D_ID, OL_O_ID, COUNT(*), COUNT(OL_DELIVERY_D), "
                + "SUM(CASE WHEN OL_DELIVERY_D IS NULL THEN 0 ELSE OL_AMOUNT END) FROM ORDER_LINE WHERE OL_W_ID = ? "
                + "GROUP BY OL_D_ID, OL_O_ID", w, rs -> {
            int d = rs.getInt(1);
            long count = rs.getLong(3);
            lineAgg.put(order(d, rs.getInt(2)), new Object[] {count, rs.getLong(4), orZero(rs.getBigDecimal(5))});
            linesPerDistrict.merge(d, count, Long::sum);
        });
        for (int d = 1; d <= Scale.DISTRICTS_PER_WAREHOUSE; d++) {
            String district = "(W=" + w + ", D=" + d + ")";
            long[] oa = orderAgg.getOrDefault(d, new long[2]);
            long[] na = newOrderAgg.get(d);
            int next = nextOrder.get(d);
            // 2
            if (next - 1 != oa[0]) {
                violation(2, district + " D_NEXT_O_ID - 1 = " + (next - 1) + " but max(O_ID) = " + oa[0]);
            } else if (na != null && na[0] != oa[0]) {
                violation(2, district + " max(O_ID) = " + oa[0] + " but max(NO_O_ID) = " + na[0]);
            }
            // 3
            if (na != null && na[0] - na[1] + 1 != na[2]) {
                violation(3, district + " max(NO_O_ID) - min(NO_O_ID) + 1 = " + (na[0] - na[1] + 1) + " but NEW_ORDER has " + na[2] + " rows");
            }
            // 4
            long lines = linesPerDistrict.getOrDefault(d, 0L);
            if (oa[1] != lines) {
                violation(4, district + " sum(O_OL_CNT) = " + oa[1] + " but ORDER_LINE has " + lines + " rows");
            }
        }
        // 5, 6, 7, and each customer's delivered amount for 10 and 12
        Map<Long, BigDecimal> delivered = new HashMap<>();
        for (Map.Entry<Long, int[]> e : orders.entrySet()) {
            int d = (int) (e.getKey() >> 32);
            int o = (int) (long) e.getKey();
            String order = "order (W=" + w + ", D=" + d + ", O=" + o + ")";
            int[] row = e.getValue();
            boolean undelivered = row[1] == -1;
            if (undelivered != newOrders.contains(e.getKey())) {
                violation(5, order + (undelivered ? " has no carrier and no NEW_ORDER row" : " has carrier " + row[1] + " and a NEW_ORDER row"));
            }
            Object[] la = lineAgg.get(e.getKey());
            long count = la == null ? 0 : (long) la[0];
            long deliveredLines = la == null ? 0 : (long) la[1];
            if (count != row[2]) {
                violation(6, order + " O_OL_CNT = " + row[2] + " but it has " + count + " ORDER_LINE rows");
            }
            if (undelivered ? deliveredLines != 0 : deliveredLines != count) {
                violation(7, order + " O_CARRIER_ID " + (undelivered ? "is NULL" : "= " + row[1]) + " but " + deliveredLines + " of its "
                        + count + " lines have OL_DELIVERY_D");
            }
            if (la != null) {
                delivered.merge(customer(d, row[0]), (BigDecimal) la[2], BigDecimal::add);
            }
        }
        for (Long key : newOrders) {
            if (!orders.containsKey(key)) {
                violation(5, "NEW_ORDER row (W=" + w + ", D=" + (key >> 32) + ", O=" + (int) (long) key + ") has no OORDER row");
            }
        }
        // 8, 9
        Map<Integer, BigDecimal> historyPerDistrict = new HashMap<>();
        rows(c, "SELECT H_D_ID, SUM(H_AMOUNT) FROM HISTORY WHERE H_W_ID = ? GROUP BY H_D_ID", w, rs -> {
            historyPerDistrict.put(rs.getInt(1), orZero(rs.getBigDecimal(2)));
        });
        BigDecimal historySum = historyPerDistrict.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!equal(warehouseYtd, historySum)) {
            violation(8, where + " W_YTD = " + warehouseYtd + " but sum(H_AMOUNT) = " + historySum);
        }
        for (int d = 1; d <= Scale.DISTRICTS_PER_WAREHOUSE; d++) {
            BigDecimal h = historyPerDistrict.getOrDefault(d, BigDecimal.ZERO);
            if (!equal(districtYtd.get(d), h)) {
                violation(9, "(W=" + w + ", D=" + d + ") D_YTD = " + districtYtd.get(d) + " but sum(H_AMOUNT) = " + h);
            }
        }
        // 10, 12
        Map<Long, BigDecimal> paid = new HashMap<>();
        rows(c, "SELECT H_C_D_ID, H_C_ID, SUM(H_AMOUNT) FROM HISTORY WHERE H_C_W_ID = ? GROUP BY H_C_D_ID, H_C_ID", w, rs -> {
            paid.put(customer(rs.getInt(1), rs.getInt(2)), orZero(rs.getBigDecimal(3)));
        });
        rows(c, "SELECT C_D_ID, C_ID, C_BALANCE, C_YTD_PAYMENT FROM CUSTOMER WHERE C_W_ID = ?", w, rs -> {
            long key = customer(rs.getInt(1), rs.getInt(2));
            String cust = "customer (W=" + w + ", D=" + rs.getInt(1) + ", C=" + rs.getInt(2) + ")";
            BigDecimal balance = orZero(rs.getBigDecimal(3));
            BigDecimal ytd = orZero(rs.getBigDecimal(4));
            BigDecimal del = delivered.getOrDefault(key, BigDecimal.ZERO);
            BigDecimal pay = paid.getOrDefault(key, BigDecimal.ZERO);
            if (!equal(balance, del.subtract(pay))) {
                violation(10, cust + " C_BALANCE = " + balance + " but delivered " + del + " - paid " + pay + " = " + del.subtract(pay));
            }
            if (!equal(balance.add(ytd), del)) {
                violation(12, cust + " C_BALANCE + C_YTD_PAYMENT = " + balance.add(ytd) + " but delivered " + del);
            }
        });
    }

    private interface RowReader {
        void row(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with the warehouse id as its one parameter and hands each row to {@code reader}. */
    private static void rows(Connection c, String sql, int warehouse, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, warehouse);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.row(rs);
                }
            }
        }
    }
}
