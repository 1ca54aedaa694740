package dev.basalt.tpcc;

/**
 * The mix of one terminal: a deck of {@value TxnType#DECK_CARDS} cards, one per percent of each
 * transaction type, shuffled and dealt; a new shuffle when it runs out. Over every 100
 * transactions the mix is exact, and the order inside a deck is random (clause 5.2.4.2 allows
 * this deck method).
 */
final class Deck {
    private final TxnType[] cards = new TxnType[TxnType.DECK_CARDS];
    private final TpccRandom random;
    private int next;

    Deck(TpccRandom random) {
        this.random = random;
        int i = 0;
        for (TxnType t : TxnType.values()) {
            for (int k = 0; k < t.percent(); k++) {
                cards[i++] = t;
            }
        }
        if (i != cards.length) {
            throw new IllegalStateException("the mix adds up to " + i + "%, not 100%");
        }
        next = cards.length;
    }

    TxnType deal() {
        if (next == cards.length) {
            for (int i = cards.length - 1; i > 0; i--) {
                int j = random.uniform(0, i);
                TxnType t = cards[i];
                cards[i] = cards[j];
                cards[j] = t;
            }
            next = 0;
        }
        return cards[next++];
    }
}
