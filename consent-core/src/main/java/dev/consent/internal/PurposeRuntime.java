package dev.consent.internal;

import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Purpose;
import java.util.List;
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
    /** The recipients of every version, for recipient-scoped checks. */
    final RecipientIndex recipients;
    /** The denial of a recipient-scoped check for a recipient the version in force does not name. */
    final Decision recipientNotInForce;
    /** The jurisdictions where the purpose follows an opt-out model, as an array for an allocation-free scan. */
    private final String[] optOutJurisdictions;
    /** The decision in such a jurisdiction for a subject without a record about this purpose. */
    final Decision optOutNoRecord;

    /** The runtime of the latest of {@code versions} (oldest first), indexing the recipients of all. */
    PurposeRuntime(List<Purpose> versions) {
        this(versions.get(versions.size() - 1), new RecipientIndex(versions));
    }

    private PurposeRuntime(Purpose purpose, RecipientIndex recipients) {
        this.purpose = purpose;
        this.recipients = recipients;
        this.recipientNotInForce = Decision.of(
                DecisionReason.RECIPIENT_NOT_IN_FORCE, purpose.id(), purpose.legalBasis(), purpose.version(), null);
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
