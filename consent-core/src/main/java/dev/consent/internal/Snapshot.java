package dev.consent.internal;

import dev.consent.ConsentRecord;
import dev.consent.Decision;
import dev.consent.Hash;
import dev.consent.spi.CurrentState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the cache holds per subject: the latest record per purpose and the decisions they lead to,
 * precomputed for one registry generation, so that a check is two hash lookups (and a comparison of the
 * clock with an expiry, for a grant that could expire while the snapshot is cached). Immutable; a write produces a new snapshot ({@link #apply}).
 */
final class Snapshot {
    final String subject;
    final long asOfPosition;
    /** Grants expiring after this wall-clock instant cannot expire while this snapshot is cached. */
    private final long clockFreeAfterMillis;

    final int generation;
    /** The tip of the subject's chain: its latest record overall (highest sequence), or null without records. */
    final @Nullable ConsentRecord tip;
    /** The latest lifecycle record, or null. */
    final @Nullable ConsentRecord lifecycle;
    /** The latest record per purpose id. */
    final Map<String, ConsentRecord> latest;

    private final HashMap<String, Entry> entries;

    /** Precomputed decisions for one purpose. */
    static final class Entry {
        final Decision beforeExpiry;
        final Decision afterExpiry;
        final long expiresAtMillis;
        /**
         * The denial of a recipient-scoped check for a recipient the agreed version does not name, when the
         * decision before expiry is a grant and some recipient of the purpose is missing from that version.
         */
        final @Nullable Decision recipientNotAgreed;
        /** The decision in a jurisdiction where the purpose follows an opt-out model; null when it has none. */
        final @Nullable Decision optOut;

        Entry(
                Decision beforeExpiry,
                Decision afterExpiry,
                long expiresAtMillis,
                @Nullable Decision recipientNotAgreed,
                @Nullable Decision optOut) {
            this.beforeExpiry = beforeExpiry;
            this.afterExpiry = afterExpiry;
            this.expiresAtMillis = expiresAtMillis;
            this.recipientNotAgreed = recipientNotAgreed;
            this.optOut = optOut;
        }
    }

    private Snapshot(
            String subject,
            long asOfPosition,
            DefaultPurposeRegistry.View view,
            long clockFreeAfterMillis,
            @Nullable ConsentRecord tip,
            @Nullable ConsentRecord lifecycle,
            Map<String, ConsentRecord> latest) {
        this.subject = subject;
        this.asOfPosition = asOfPosition;
        this.clockFreeAfterMillis = clockFreeAfterMillis;
        this.generation = view.generation;
        this.tip = tip;
        this.lifecycle = lifecycle;
        this.latest = latest;
        this.entries = new HashMap<>();
        for (PurposeRuntime p : view.current.values()) {
            if (p.fixed != null && !p.hasOptOut()) {
                continue;
            }
            ConsentRecord r = latest.get(p.purpose.id());
            if (r == null && lifecycle == null) {
                continue;
            }
            Decision optOut = p.hasOptOut() ? Rules.decideOptOut(p.purpose, r, lifecycle) : null;
            if (p.fixed != null) {
                entries.put(p.purpose.id(), new Entry(p.fixed, p.fixed, Long.MAX_VALUE, null, optOut));
                continue;
            }
            java.util.UUID invalidatedBy = view.invalidations.now(r);
            Decision before = Rules.decide(p.purpose, r, lifecycle, false, invalidatedBy);
            long expiresAt = r == null || r.expiresAt() == null || r.expiresAt().toEpochMilli() > clockFreeAfterMillis
                    ? Long.MAX_VALUE
                    : r.expiresAt().toEpochMilli();
            Decision after =
                    expiresAt == Long.MAX_VALUE ? before : Rules.decide(p.purpose, r, lifecycle, true, invalidatedBy);
            Decision notAgreed = before.reason() == dev.consent.DecisionReason.CONSENT_GRANTED
                            && p.recipients.missesSome(before.purposeVersion())
                    ? RecipientIndex.notAgreed(before)
                    : null;
            entries.put(p.purpose.id(), new Entry(before, after, expiresAt, notAgreed, optOut));
        }
    }

    /** A snapshot of what the store answered. */
    static Snapshot of(CurrentState current, DefaultPurposeRegistry.View view, long clockFreeAfterMillis) {
        Latest latest = Latest.of(current.latest());
        return new Snapshot(
                current.subject(),
                current.asOfPosition(),
                view,
                clockFreeAfterMillis,
                latest.tip,
                latest.lifecycle,
                latest.byPurpose);
    }

    /**
     * The decision for {@code p} now. Allocation-free; reads the clock only when the deciding record can
     * expire while this snapshot is cached (see {@link SnapshotCache#CLOCK_FREE_MARGIN_MILLIS}).
     */
    Decision decide(PurposeRuntime p, Clock clock) {
        Entry e = entries.get(p.purpose.id());
        if (e == null) {
            return p.noRecord;
        }
        if (e.expiresAtMillis == Long.MAX_VALUE) {
            return e.beforeExpiry;
        }
        return clock.millis() < e.expiresAtMillis ? e.beforeExpiry : e.afterExpiry;
    }

    /**
     * The decision for {@code p} now and the recipient whose flags ({@link RecipientIndex#versionsNaming})
     * are {@code named}. Allocation-free, as {@link #decide(PurposeRuntime, Clock)}.
     */
    Decision decide(PurposeRuntime p, Clock clock, boolean[] named) {
        Entry e = entries.get(p.purpose.id());
        if (e == null) {
            return RecipientIndex.apply(p.noRecord, named, p.purpose.version(), p.recipientNotInForce, null);
        }
        Decision d = e.expiresAtMillis == Long.MAX_VALUE || clock.millis() < e.expiresAtMillis
                ? e.beforeExpiry
                : e.afterExpiry;
        return RecipientIndex.apply(d, named, p.purpose.version(), p.recipientNotInForce, e.recipientNotAgreed);
    }

    /** The decision for {@code p} at {@code nowMillis}. Allocation-free. */
    Decision decide(PurposeRuntime p, long nowMillis) {
        Entry e = entries.get(p.purpose.id());
        if (e == null) {
            return p.noRecord;
        }
        return nowMillis < e.expiresAtMillis ? e.beforeExpiry : e.afterExpiry;
    }

    /**
     * The decision for {@code p} in a jurisdiction where it follows an opt-out model ({@link PurposeRuntime#optsOut}).
     * Allocation-free and clock-free: expiry plays no part in the opt-out model.
     */
    Decision decideOptOut(PurposeRuntime p) {
        Entry e = entries.get(p.purpose.id());
        return e == null || e.optOut == null ? p.optOutNoRecord : e.optOut;
    }

    /** The decision for {@code p} now, in {@code jurisdiction} (or none). Allocation-free. */
    Decision decide(PurposeRuntime p, @Nullable String jurisdiction, Clock clock) {
        return p.optsOut(jurisdiction) ? decideOptOut(p) : decide(p, clock);
    }

    /** The per-subject sequence of the tip, 0 without records. */
    long sequence() {
        return tip == null ? 0 : tip.subjectSequence();
    }

    @Nullable
    Hash tipHash() {
        return tip == null ? null : tip.hash();
    }

    @Nullable
    Instant tipTime() {
        return tip == null ? null : tip.recordedAt();
    }

    /**
     * This snapshot after {@code appended} (records of this subject with consecutive sequences), or
     * {@code null}, for the caller to drop the entry, when it does not end exactly where the append began:
     * when it is too old to extend (it misses records between its tip and the first appended one), or
     * when it already holds them (a load raced the write; handing it back would restart its age bound).
     */
    @Nullable
    Snapshot apply(List<ConsentRecord> appended, DefaultPurposeRegistry.View view, long appendClockFreeAfterMillis) {
        ConsentRecord first = appended.get(0);
        ConsentRecord last = appended.get(appended.size() - 1);
        if (sequence() != first.subjectSequence() - 1) {
            return null;
        }
        Map<String, ConsentRecord> next = new HashMap<>(latest);
        ConsentRecord nextLifecycle = lifecycle;
        for (ConsentRecord r : appended) {
            if (r.purposeId() == null) {
                nextLifecycle = r;
            } else {
                next.put(r.purposeId(), r);
            }
        }
        return new Snapshot(
                subject,
                Math.max(asOfPosition, last.position()),
                view,
                appendClockFreeAfterMillis,
                last,
                nextLifecycle,
                next);
    }

    /** Every latest record, for building a {@link CurrentState} again. */
    List<ConsentRecord> records() {
        List<ConsentRecord> out = new ArrayList<>(latest.values());
        if (lifecycle != null) {
            out.add(lifecycle);
        }
        return out;
    }
}
