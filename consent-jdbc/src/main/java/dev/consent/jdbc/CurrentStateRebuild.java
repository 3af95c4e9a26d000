package dev.consent.jdbc;

import org.jdbi.v3.core.Handle;

/**
 * The SQL that derives {@code <prefix>current_state} from the records alone: the latest position per subject
 * and slot, written anew under the ledger-head lock so that no append interleaves. Unbounded by the query
 * timeout: on a large ledger it reads every record.
 */
final class CurrentStateRebuild {
    private final LedgerSql ledger;
    private final String currentState;
    private final String record;

    CurrentStateRebuild(LedgerSql ledger, String prefix) {
        this.ledger = ledger;
        this.currentState = prefix + "current_state";
        this.record = prefix + "record";
    }

    /**
     * Replaces every current-state row inside the handle's transaction.
     *
     * @return how many current-state rows were written
     */
    int run(Handle h) {
        ledger.lockHead(h);
        h.createUpdate("DELETE FROM " + currentState).execute();
        String slot = "CASE WHEN purpose_id IS NULL THEN CONCAT('#', action) ELSE purpose_id END";
        return h.createUpdate("INSERT INTO " + currentState + " (subject, slot, position)"
                        + " SELECT subject, " + slot + ", MAX(position) FROM " + record
                        + " GROUP BY subject, " + slot)
                .execute();
    }
}
