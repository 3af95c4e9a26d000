package dev.consent.internal;

import dev.consent.Decision;
import dev.consent.Purpose;
import org.jspecify.annotations.Nullable;

/**
 * The current version of a purpose with the decisions that do not depend on a subject's records,
 * computed once when the registry changes so that checks allocate nothing.
 */
final class PurposeRuntime {
    final Purpose purpose;
    /** The decision for every subject, when the records do not matter (retired, or basis not consent). */
    final @Nullable Decision fixed;
    /** The decision for a subject without a record about this purpose. */
    final Decision noRecord;
    /** The denial when the store fails. */
    final Decision storeUnavailable;
    /** The jurisdictions where the purpose follows an opt-out model, as an array for an allocation-free scan. */
    private final String[] optOutJurisdictions;
    /** The decision in such a jurisdiction for a subject without a record about this purpose. */
    final Decision optOutNoRecord;

    PurposeRuntime(Purpose purpose) {
        this.purpose = purpose;
        this.fixed = purpose.retired() || !purpose.legalBasis().dependsOnSubject()
                ? Rules.decide(purpose, null, null, false)
                : null;
        this.noRecord = Rules.decide(purpose, null, null, false);
        this.storeUnavailable = Rules.storeUnavailable(purpose);
        this.optOutJurisdictions = purpose.optOutJurisdictions().toArray(new String[0]);
        this.optOutNoRecord = Rules.decideOptOut(purpose, null, null);
    }

    /** Whether the purpose follows an opt-out model somewhere. */
    boolean hasOptOut() {
        return optOutJurisdictions.length > 0;
    }

    /** Whether the purpose follows an opt-out model in {@code jurisdiction}. Allocation-free. */
    boolean optsOut(@Nullable String jurisdiction) {
        if (jurisdiction == null) {
            return false;
        }
        for (String j : optOutJurisdictions) {
            if (j.equals(jurisdiction)) {
                return true;
            }
        }
        return false;
    }
}
