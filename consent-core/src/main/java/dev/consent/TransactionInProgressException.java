package dev.consent;

/**
 * A write that would wait for a transaction of the same thread: the calling thread holds a transaction open
 * that has written consent records to this ledger (and so holds the ledger's head lock until it ends), and
 * now starts a consent write outside that transaction (in a transaction of its own, or in a second one, such
 * as Spring's {@code REQUIRES_NEW}). That write would wait for the open transaction, which cannot end while
 * its thread waits. Nothing was written. Write through the open transaction, or after it has ended.
 */
public class TransactionInProgressException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /** @param message what was attempted and what to do instead */
    public TransactionInProgressException(String message) {
        super(message);
    }
}
