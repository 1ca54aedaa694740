package dev.basalt.tpcc;

import java.util.ArrayList;
import java.util.List;

/**
 * The mix of one terminal: a deck of {@value TxnType#DECK_CARDS} cards, one per percent of each
 * transaction type, dealt in order and dealt anew when it runs out (clause 5.2.4.2 allows such a
 * deck). Over every 100 transactions the mix is exact.
 *
 * <p>The deck is shuffled in {@value #QUARTERS} quarters of 25 cards, each holding a quarter of
 * every type's cards (the remainders spread over the first quarters): every 25 transactions of a
 * terminal include one Order-Status, one Delivery and one Stock-Level, so a short run still sees
 * every type, while the order inside each quarter is random.
 */
final class Deck {
    static final int QUARTERS = 4;

    private final TxnType[] cards = new TxnType[TxnType.DECK_CARDS];
    private final TpccRandom random;
    private int next;

    Deck(TpccRandom random) {
        this.random = random;
        next = cards.length;
    }

    TxnType deal() {
        if (next == cards.length) {
            shuffle();
            next = 0;
        }
        return cards[next++];
    }

    private void shuffle() {
        List<List<TxnType>> quarters = new ArrayList<>();
        for (int q = 0; q < QUARTERS; q++) {
            quarters.add(new ArrayList<>());
        }
        int turn = 0;
        for (TxnType t : TxnType.values()) {
            for (int k = 0; k < t.percent(); k++) {
                quarters.get(turn++ % QUARTERS).add(t);
            }
        }
        int i = 0;
        for (List<TxnType> quarter : quarters) {
            int from = i;
            for (TxnType t : quarter) {
                cards[i++] = t;
            }
            for (int j = i - 1; j > from; j--) {
                int k = random.uniform(from, j);
                TxnType swap = cards[j];
                cards[j] = cards[k];
                cards[k] = swap;
            }
        }
        if (i != cards.length) {
            throw new IllegalStateException("the mix adds up to " + i + "%, not 100%");
        }
    }
}
