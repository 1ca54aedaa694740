package dev.basalt.tpcc;

/**
 * What a transaction's inputs depend on: the terminal's home warehouse and, for Stock-Level,
 * its fixed district (clause 2.8.1.1), the number of warehouses (for remote ones) and the
 * terminal's random numbers.
 */
record TerminalContext(int warehouses, int homeWarehouse, int district, TpccRandom random) {
    TerminalContext {
        if (homeWarehouse < 1 || homeWarehouse > warehouses) {
            throw new IllegalArgumentException("home warehouse " + homeWarehouse + " is not in [1, " + warehouses + "]");
        }
        if (district < 1 || district > Scale.DISTRICTS_PER_WAREHOUSE) {
            throw new IllegalArgumentException("district " + district + " is not in [1, " + Scale.DISTRICTS_PER_WAREHOUSE + "]");
        }
    }

    /** A warehouse other than the home one, uniform; the home one when there is no other. */
    int remoteWarehouse() {
        if (warehouses == 1) {
            return homeWarehouse;
        }
        int w = random.uniform(1, warehouses - 1);
        return w >= homeWarehouse ? w + 1 : w;
    }

    int randomDistrict() {
        return random.uniform(1, Scale.DISTRICTS_PER_WAREHOUSE);
    }
}
