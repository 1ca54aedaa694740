package dev.basalt.tpcc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Payment and Order-Status name their customer by id (40%) or by last name (60%, clause
 * 2.5.1.2 and 2.6.1.2). By last name, every customer of the district with that name is read in
 * C_FIRST order and the one at position ceil(n / 2) is taken (clause 2.5.2.2).
 */
final class CustomerLookup {
    /** Customers sharing a last name in one district: about 3 on average; more than this means the data is wrong. */
    static final int SAME_NAME_MAX = 3_000;
    static final String BY_NAME = "SELECT C_ID FROM CUSTOMER WHERE C_W_ID = ? AND C_D_ID = ? AND C_LAST = ? ORDER BY C_FIRST";

    /** How a transaction names its customer: {@code lastName} null means by {@code id}. */
    record Key(int warehouse, int district, int id, String lastName) {
        static Key draw(TpccRandom r, int warehouse, int district) {
            return r.uniform(1, 100) <= 60 ? new Key(warehouse, district, 0, r.randomLastName())
                    : new Key(warehouse, district, r.customerId(), null);
        }

        @Override
        public String toString() {
            return "customer (C_W_ID=" + warehouse + ", C_D_ID=" + district + ", " + (lastName == null ? "C_ID=" + id : "C_LAST=" + lastName) + ")";
        }
    }

    private CustomerLookup() {
    }

    /** The customer's id: {@code key.id()} or the middle one of those with its last name. */
    static int resolve(Statements s, Key key) throws SQLException {
        if (key.lastName() == null) {
            return key.id();
        }
        PreparedStatement ps = s.get(BY_NAME);
        ps.setInt(1, key.warehouse());
        ps.setInt(2, key.district());
        ps.setString(3, key.lastName());
        List<Integer> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (ids.size() == SAME_NAME_MAX) {
                    throw new IllegalStateException("more than " + SAME_NAME_MAX + " rows for " + key);
                }
                ids.add(rs.getInt(1));
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no CUSTOMER row for " + key);
        }
        return ids.get((ids.size() - 1) / 2); // position ceil(n / 2), counting from 1
    }
}
