package dev.consent.merkle;

import dev.consent.ConsentException;

/**
 * The store cannot make a proof because the records or tree nodes it needs are gone or do not fit together: the
 * ledger was changed around the library (a record deleted, a tree node removed). Not a failure of the storage, so a
 * retry does not help; {@code ConsentLedger.verify(Checkpoint)} against a checkpoint taken earlier locates what is
 * missing.
 */
public class TreeDamagedException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing, by level and index or position */
    public TreeDamagedException(String message) {
        super(message);
    }
}
