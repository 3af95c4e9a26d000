package dev.consent;

import java.util.List;

/**
 * What {@link ConsentLedger#reapplyErasures} did. Immutable; the lists are unmodifiable and in the order of
 * the tombstones given (each subject once).
 *
 * @param erasedAgain subjects the ledger did not hold as erased (a restore from a backup taken before their
 *     erasure): an erasure record was appended for each, and their evidence deleted
 * @param alreadyErased subjects the ledger already held as erased; any evidence left was deleted again
 * @param evidenceDeleted subjects of either list that still had stored evidence, now deleted
 */
public record ReappliedErasures(List<String> erasedAgain, List<String> alreadyErased, List<String> evidenceDeleted) {
    /** Copies the lists. */
    public ReappliedErasures {
        erasedAgain = List.copyOf(erasedAgain);
        alreadyErased = List.copyOf(alreadyErased);
        evidenceDeleted = List.copyOf(evidenceDeleted);
    }

    /** Whether nothing had to be done: every subject was erased already and had no evidence left. */
    public boolean nothingToDo() {
        return erasedAgain.isEmpty() && evidenceDeleted.isEmpty();
    }

    /** Counts only: the subject ids may be personal data. */
    @Override
    public String toString() {
        return "ReappliedErasures[erasedAgain=" + erasedAgain.size() + ", alreadyErased=" + alreadyErased.size()
                + ", evidenceDeleted=" + evidenceDeleted.size() + "]";
    }
}
