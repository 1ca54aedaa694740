package dev.basalt.tpcc;

/** The cardinalities of TPC-C's database (clause 1.2 and clause 4.3.3.1), per warehouse unless said otherwise. */
public final class Scale {
    /** Rows of ITEM, for any number of warehouses; also the STOCK rows of one warehouse. */
    public static final int ITEMS = 100_000;
    public static final int DISTRICTS_PER_WAREHOUSE = 10;
    public static final int CUSTOMERS_PER_DISTRICT = 3_000;
    /** Orders loaded per district; the district's D_NEXT_O_ID starts one past this. */
    public static final int ORDERS_PER_DISTRICT = 3_000;
    /** Loaded orders from this id on are undelivered: they have a NEW_ORDER row and no carrier. */
    public static final int FIRST_UNDELIVERED_ORDER = 2_101;
    /** Lines of an order, loaded or new: uniform in this range. */
    public static final int ORDER_LINES_MIN = 5;
    public static final int ORDER_LINES_MAX = 15;

    private Scale() {
    }

    /** The rows a load of {@code warehouses} writes into {@code table} (ORDER_LINE: its expected value). */
    public static long expectedRows(Schema.Table table, int warehouses) {
        long districts = (long) warehouses * DISTRICTS_PER_WAREHOUSE;
        return switch (table) {
            case ITEM -> ITEMS;
            case WAREHOUSE -> warehouses;
            case STOCK -> (long) warehouses * ITEMS;
            case DISTRICT -> districts;
            case CUSTOMER, HISTORY -> districts * CUSTOMERS_PER_DISTRICT;
            case OORDER -> districts * ORDERS_PER_DISTRICT;
            case NEW_ORDER -> districts * (ORDERS_PER_DISTRICT - FIRST_UNDELIVERED_ORDER + 1);
            case ORDER_LINE -> districts * ORDERS_PER_DISTRICT * (ORDER_LINES_MIN + ORDER_LINES_MAX) / 2;
        };
    }
}
