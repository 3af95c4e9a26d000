package dev.consent.jdbc;

import dev.consent.TransactionInProgressException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Per thread, the caller's transactions that have written to a ledger and not yet ended. Such a transaction
 * holds the ledger-head lock until it ends, so a second consent write of the same thread outside it (in the
 * store's own transaction, or in another caller's transaction over another connection) would wait for a
 * transaction that cannot end while its thread waits: it fails at once with
 * {@link TransactionInProgressException} instead of after the lock timeout. Kept per ledger (one store's
 * tables), by the store's {@link LedgerSql}.
 */
final class OpenTransactions {
    /** Null on threads that never wrote in a caller's transaction; entries that ended are pruned on use. */
    private static final ThreadLocal<@Nullable List<Entry>> OPEN = new ThreadLocal<>();

    private OpenTransactions() {}

    /** One transaction of one thread that has written to a ledger; ended once, from its end callback. */
    static final class Entry {
        private final Object ledger;
        private volatile boolean open = true;

        private Entry(Object ledger) {
            this.ledger = ledger;
        }

        /** The transaction has ended: committed or rolled back. */
        void end() {
            open = false;
        }
    }

    /** Records that the calling thread's transaction is about to write to {@code ledger}. */
    static Entry writing(Object ledger) {
        List<Entry> entries = OPEN.get();
        if (entries == null) {
            entries = new ArrayList<>(2);
            OPEN.set(entries);
        }
        entries.removeIf(e -> !e.open);
        Entry entry = new Entry(ledger);
        entries.add(entry);
        return entry;
    }

    /**
     * Fails if the calling thread has a transaction open that has written to {@code ledger}, other than
     * {@code except}.
     *
     * @throws TransactionInProgressException if it has
     */
    static void checkNoneOtherThan(Object ledger, @Nullable Entry except) {
        List<Entry> entries = OPEN.get();
        if (entries == null) {
            return;
        }
        for (Entry e : entries) {
            if (e.open && e != except && e.ledger == ledger) {
                throw new TransactionInProgressException(
                        "this thread has a transaction open that has written consent records to this ledger and holds"
                                + " its head lock until it ends; a consent write outside that transaction (in a"
                                + " transaction of its own, or in a second transaction such as Spring's REQUIRES_NEW)"
                                + " would wait for it forever. Nothing was written: write in the open transaction,"
                                + " or after it has ended");
            }
        }
        if (except == null) {
            entries.removeIf(e -> !e.open);
            if (entries.isEmpty()) {
                OPEN.remove();
            }
        }
    }
}
