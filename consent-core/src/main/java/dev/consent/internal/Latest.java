package dev.consent.internal;

import dev.consent.ConsentRecord;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The records that decide a subject's state: the latest per purpose, the latest lifecycle record, and
 * the latest overall (the tip of the chain), picked from any set of the subject's records by sequence.
 */
final class Latest {
    final Map<String, ConsentRecord> byPurpose;
    final @Nullable ConsentRecord lifecycle;
    final @Nullable ConsentRecord tip;

    private Latest(
            Map<String, ConsentRecord> byPurpose, @Nullable ConsentRecord lifecycle, @Nullable ConsentRecord tip) {
        this.byPurpose = byPurpose;
        this.lifecycle = lifecycle;
        this.tip = tip;
    }

    static Latest of(Iterable<ConsentRecord> records) {
        Map<String, ConsentRecord> byPurpose = new HashMap<>();
        ConsentRecord lifecycle = null;
        ConsentRecord tip = null;
        for (ConsentRecord r : records) {
            tip = later(tip, r);
            String purposeId = r.purposeId();
            if (purposeId == null) {
                lifecycle = later(lifecycle, r);
            } else {
                byPurpose.put(purposeId, later(byPurpose.get(purposeId), r));
            }
        }
        return new Latest(byPurpose, lifecycle, tip);
    }

    private static ConsentRecord later(@Nullable ConsentRecord a, ConsentRecord b) {
        return a == null || b.subjectSequence() > a.subjectSequence() ? b : a;
    }
}
