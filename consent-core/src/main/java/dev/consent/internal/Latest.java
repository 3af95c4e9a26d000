package dev.consent.internal;

import dev.consent.ConsentRecord;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The records that decide a subject's state: the latest per purpose, the latest lifecycle record, the latest
 * age statement, and
 * the latest overall (the tip of the chain), picked from any set of the subject's records by sequence.
 */
final class Latest {
    final Map<String, ConsentRecord> byPurpose;
    final @Nullable ConsentRecord lifecycle;
    /** The latest {@link dev.consent.Action#AGE_STATED} record, or null. */
    final @Nullable ConsentRecord age;

    final @Nullable ConsentRecord tip;

    private Latest(
            Map<String, ConsentRecord> byPurpose,
            @Nullable ConsentRecord lifecycle,
            @Nullable ConsentRecord age,
            @Nullable ConsentRecord tip) {
        this.byPurpose = byPurpose;
        this.lifecycle = lifecycle;
        this.age = age;
        this.tip = tip;
    }

    static Latest of(Iterable<ConsentRecord> records) {
        Map<String, ConsentRecord> byPurpose = new HashMap<>();
        ConsentRecord lifecycle = null;
        ConsentRecord age = null;
        ConsentRecord tip = null;
        for (ConsentRecord r : records) {
            tip = later(tip, r);
            String purposeId = r.purposeId();
            if (r.action() == dev.consent.Action.AGE_STATED) {
                age = later(age, r);
            } else if (r.action().isLifecycle()) {
                lifecycle = later(lifecycle, r);
            } else if (purposeId != null) {
                byPurpose.put(purposeId, later(byPurpose.get(purposeId), r));
            }
        }
        return new Latest(byPurpose, lifecycle, age, tip);
    }

    private static ConsentRecord later(@Nullable ConsentRecord a, ConsentRecord b) {
        return a == null || b.subjectSequence() > a.subjectSequence() ? b : a;
    }
}
