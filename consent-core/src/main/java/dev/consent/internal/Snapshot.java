package dev.consent.internal;

import dev.consent.Action;
import dev.consent.ComingOfAge;
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
 * clock with an expiry or a coming of age, for an answer that could change while the snapshot is cached). Immutable; a write produces a new snapshot ({@link #apply}).
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
    /** The latest age statement, or null. */
    final @Nullable ConsentRecord age;
    /** The latest record per purpose id. */
    final Map<String, ConsentRecord> latest;

    private final ComingOfAge rule;
    private final HashMap<String, Entry> entries;

    /**
     * Precomputed decisions for one purpose: {@code first} before {@code firstUntil}, {@code second} before
     * {@code secondUntil}, {@code third} after. The instants are those at which the answer can change while the
     * snapshot is cached: the grant's expiry and the subject's coming of age; {@link Long#MAX_VALUE} for none.
     */
    static final class Entry {
        final Decision first;
        final long firstUntil;
        final Decision second;
        final long secondUntil;
        final Decision third;
        /**
         * The denial of a recipient-scoped check for a recipient the agreed version does not name, when the
         * first decision is a grant and some recipient of the purpose is missing from that version.
         */
        final @Nullable Decision recipientNotAgreed;
        /** The decision in a jurisdiction where the purpose follows an opt-out model; null when it has none. */
        final @Nullable Decision optOut;

        Entry(
                Decision first,
                long firstUntil,
                Decision second,
                long secondUntil,
                Decision third,
                @Nullable Decision recipientNotAgreed,
                @Nullable Decision optOut) {
            this.first = first;
            this.firstUntil = firstUntil;
            this.second = second;
            this.secondUntil = secondUntil;
            this.third = third;
            this.recipientNotAgreed = recipientNotAgreed;
            this.optOut = optOut;
        }

        Decision at(long nowMillis) {
            return nowMillis < firstUntil ? first : nowMillis < secondUntil ? second : third;
        }
    }

    private Snapshot(
            String subject,
            long asOfPosition,
            DefaultPurposeRegistry.View view,
            long clockFreeAfterMillis,
            ComingOfAge rule,
            Latest found) {
        this.subject = subject;
        this.asOfPosition = asOfPosition;
        this.clockFreeAfterMillis = clockFreeAfterMillis;
        this.generation = view.generation;
        this.tip = found.tip;
        this.lifecycle = found.lifecycle;
        this.age = found.age;
        this.latest = found.byPurpose;
        this.rule = rule;
        this.entries = new HashMap<>();
        if (lifecycle == null) {
            // only purposes with a record of this subject have an entry: visit those, not every purpose defined
            for (ConsentRecord r : latest.values()) {
                PurposeRuntime p = view.current.get(r.purposeId());
                if (p != null) {
                    putEntry(p, r, view);
                }
            }
        } else {
            for (PurposeRuntime p : view.current.values()) {
                putEntry(p, latest.get(p.purpose.id()), view);
            }
        }
    }

    /** The entry of {@code p}, whose latest record is {@code r} (or null), unless it needs none. */
    private void putEntry(PurposeRuntime p, @Nullable ConsentRecord r, DefaultPurposeRegistry.View view) {
        if (p.fixed != null && !p.hasOptOut()) {
            return;
        }
        if (r == null && lifecycle == null) {
            return;
        }
        Decision optOut = p.hasOptOut() ? Rules.decideOptOut(p.purpose, r, lifecycle) : null;
        if (p.fixed != null) {
            entries.put(
                    p.purpose.id(), new Entry(p.fixed, Long.MAX_VALUE, p.fixed, Long.MAX_VALUE, p.fixed, null, optOut));
            return;
        }
        entries.put(p.purpose.id(), entry(p, r, view.invalidations.now(r), optOut));
    }

    /** The decisions for {@code p} over the instants at which they can change while this snapshot is cached. */
    private Entry entry(
            PurposeRuntime p,
            @Nullable ConsentRecord r,
            java.util.@Nullable UUID invalidatedBy,
            @Nullable Decision optOut) {
        long expiry = r == null ? Long.MAX_VALUE : cachedInstant(r.expiresAt());
        long comesOfAge = r == null || age == null || r.action() != Action.GRANTED
                ? Long.MAX_VALUE
                : cachedInstant(age.expiresAt());
        long t1 = Math.min(expiry, comesOfAge);
        long t2 = Math.max(expiry, comesOfAge);
        Decision first = decide(p, r, Long.MIN_VALUE, expiry, comesOfAge, invalidatedBy);
        Decision notAgreed = first.reason() == dev.consent.DecisionReason.CONSENT_GRANTED
                        && p.recipients.missesSome(first.purposeVersion())
                ? RecipientIndex.notAgreed(first)
                : null;
        if (t1 == Long.MAX_VALUE) {
            return new Entry(first, Long.MAX_VALUE, first, Long.MAX_VALUE, first, notAgreed, optOut);
        }
        Decision second = decide(p, r, t1, expiry, comesOfAge, invalidatedBy);
        Decision third = t2 == Long.MAX_VALUE ? second : decide(p, r, t2, expiry, comesOfAge, invalidatedBy);
        return new Entry(first, t1, second, t2, third, notAgreed, optOut);
    }

    private Decision decide(
            PurposeRuntime p,
            @Nullable ConsentRecord r,
            long at,
            long expiry,
            long comesOfAge,
            java.util.@Nullable UUID invalidatedBy) {
        return Rules.decide(p.purpose, r, lifecycle, at >= expiry, invalidatedBy, age, rule, at >= comesOfAge);
    }

    /** {@code instant} in epoch milliseconds, or {@link Long#MAX_VALUE} when it cannot pass while cached. */
    private long cachedInstant(@Nullable Instant instant) {
        return instant == null || instant.toEpochMilli() > clockFreeAfterMillis
                ? Long.MAX_VALUE
                : instant.toEpochMilli();
    }

    /** A snapshot of what the store answered. */
    static Snapshot of(
            CurrentState current, DefaultPurposeRegistry.View view, long clockFreeAfterMillis, ComingOfAge rule) {
        return new Snapshot(
                current.subject(),
                current.asOfPosition(),
                view,
                clockFreeAfterMillis,
                rule,
                Latest.of(current.latest()));
    }

    /**
     * The decision for {@code p} now. Allocation-free; reads the clock only when the answer can change (a grant
     * expires, the subject comes of age) while this snapshot is cached (see
     * {@link SnapshotCache#CLOCK_FREE_MARGIN_MILLIS}).
     */
    Decision decide(PurposeRuntime p, Clock clock) {
        Entry e = entries.get(p.purpose.id());
        if (e == null) {
            return p.noRecord;
        }
        if (e.firstUntil == Long.MAX_VALUE) {
            return e.first;
        }
        return e.at(clock.millis());
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
        Decision d = e.firstUntil == Long.MAX_VALUE ? e.first : e.at(clock.millis());
        return RecipientIndex.apply(d, named, p.purpose.version(), p.recipientNotInForce, e.recipientNotAgreed);
    }

    /** The decision for {@code p} at {@code nowMillis}. Allocation-free. */
    Decision decide(PurposeRuntime p, long nowMillis) {
        Entry e = entries.get(p.purpose.id());
        if (e == null) {
            return p.noRecord;
        }
        return e.at(nowMillis);
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
        List<ConsentRecord> records = records();
        records.addAll(appended);
        return new Snapshot(
                subject,
                Math.max(asOfPosition, last.position()),
                view,
                appendClockFreeAfterMillis,
                rule,
                Latest.of(records));
    }

    /** Every latest record, for building a {@link CurrentState} again. */
    List<ConsentRecord> records() {
        List<ConsentRecord> out = new ArrayList<>(latest.values());
        if (lifecycle != null) {
            out.add(lifecycle);
        }
        if (age != null) {
            out.add(age);
        }
        return out;
    }
}
