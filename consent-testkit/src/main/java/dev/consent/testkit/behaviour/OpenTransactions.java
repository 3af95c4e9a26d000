package dev.consent.testkit.behaviour;

import java.util.ArrayList;
import java.util.List;

/** The transactions a test opened and has not ended yet, rolled back after the test if it left any open. */
final class OpenTransactions {
    private final List<TxHandle> open = new ArrayList<>();

    /** Remembers {@code tx} until it ends; returns it. */
    TxHandle opened(TxHandle tx) {
        open.add(tx);
        return tx;
    }

    void commit(TxHandle tx) {
        open.remove(tx);
        tx.commit();
    }

    void rollback(TxHandle tx) {
        open.remove(tx);
        tx.rollback();
    }

    /** Rolls back every transaction still open; throws the last failure after trying them all. */
    void rollBackAll() {
        RuntimeException failure = null;
        for (TxHandle tx : open) {
            try {
                tx.rollback();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
