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

    PurposeRuntime(Purpose purpose) {
        this.purpose = purpose;
        this.fixed = purpose.retired() || !purpose.legalBasis().dependsOnSubject()
                ? Rules.decide(purpose, null, null, false)
                : null;
        this.noRecord = Rules.decide(purpose, null, null, false);
        this.storeUnavailable = Rules.storeUnavailable(purpose);
    }
}
