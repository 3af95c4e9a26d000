package dev.consent.internal;

import dev.consent.ComingOfAge;
import dev.consent.ConsentRecord;
import dev.consent.Decision;
import dev.consent.Purpose;
import dev.consent.PurposeRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decisions at past instants from a subject's history loaded once: what {@code Enforcer.checkAt} answers
 * ({@link StateReader#decisionAt}) for each of many instants without reading the history again. Not API; the
 * drift audit ({@code dev.consent.audit}) uses it.
 *
 * <p>The same rules, step by step: the purpose version in force at the instant is the highest version
 * published then (as {@link DefaultPurposeRegistry#inForceAt}); none is an unknown purpose; a retired purpose or
 * a basis other than consent and legitimate interest decides without records; otherwise the latest record of
 * the purpose, the latest lifecycle record and the latest age statement with a time up to the instant (the
 * highest sequence among them, as {@link Latest}) go to {@link Rules#decide}, expiry judged at the instant, with
 * the invalidation active at the instant that selects the record, if any. A history whose times rise with
 * its sequences (every history the ledger writes) is searched by bisection; any other is scanned.
 *
 * <p>Immutable and thread-safe once built; a {@link Timeline} is not thread-safe (it remembers its last
 * decision per purpose, to answer repeated events without allocating).
 */
public final class PastDecisions {
    private final Map<String, Versions> purposes = new HashMap<>();
    private final Invalidations invalidations;
    private final ComingOfAge rule;

    private PastDecisions(PurposeRegistry registry, ComingOfAge rule) {
        this.invalidations = Invalidations.of(registry.invalidations());
        this.rule = rule;
        for (Purpose current : registry.current()) {
            purposes.put(current.id(), new Versions(registry.versions(current.id())));
        }
    }

    /** The decisions over the purpose versions {@code registry} holds now. */
    public static PastDecisions of(PurposeRegistry registry) {
        return new PastDecisions(registry, ComingOfAge.REQUIRE_RECONSENT);
    }

    /** The decisions over the purpose versions {@code registry} holds now, with {@code rule} at coming of age. */
    public static PastDecisions of(PurposeRegistry registry, ComingOfAge rule) {
        return new PastDecisions(registry, java.util.Objects.requireNonNull(rule, "rule"));
    }

    /** A subject's history, indexed for decisions at any instant. */
    public Timeline timeline(List<ConsentRecord> history) {
        return new Timeline(history);
    }

    /** The decision for {@code purposeId} at {@code at} over {@code timeline}, as {@code checkAt} answers it. */
    public Decision decide(Timeline timeline, String purposeId, Instant at) {
        return decide(timeline, purposeId, at, null);
    }

    /**
     * The decision for {@code purposeId} at {@code at} in {@code jurisdiction} (or none), as
     * {@code checkAt(subject, purposeId, at, jurisdiction)} answers it.
     */
    public Decision decide(Timeline timeline, String purposeId, Instant at, @Nullable String jurisdiction) {
        Versions versions = purposes.get(purposeId);
        int v = versions == null ? -1 : versions.inForceAt(at);
        if (v < 0) {
            return Rules.unknownPurpose(purposeId);
        }
        if (Rules.optsOut(versions.versions[v], jurisdiction)) {
            Slot slot = timeline.byPurpose.get(purposeId);
            return Rules.decideOptOut(
                    versions.versions[v], slot == null ? null : slot.latestAt(at), timeline.lifecycle.latestAt(at));
        }
        Decision fixed = versions.fixed[v];
        if (fixed != null) {
            return fixed;
        }
        Purpose p = versions.versions[v];
        Slot slot = timeline.byPurpose.get(purposeId);
        ConsentRecord r = slot == null ? null : slot.latestAt(at);
        ConsentRecord lifecycle = timeline.lifecycle.latestAt(at);
        if (slot == null) {
            return Rules.decide(p, null, lifecycle, false);
        }
        ConsentRecord age = timeline.age.latestAt(at);
        return slot.decide(
                p,
                r,
                lifecycle,
                r != null && r.isExpiredAt(at),
                invalidations.at(r, at),
                age,
                rule,
                Rules.ofAge(age, at));
    }

    /** The versions of one purpose, oldest first, with the decisions that need no records. */
    private static final class Versions {
        final Purpose[] versions;
        final @Nullable Instant[] definedAt;
        final @Nullable Decision[] fixed;

        Versions(List<Purpose> list) {
            versions = list.toArray(new Purpose[0]);
            definedAt = new Instant[versions.length];
            fixed = new Decision[versions.length];
            for (int i = 0; i < versions.length; i++) {
                Purpose p = versions[i];
                definedAt[i] = p.definedAt().orElse(null);
                if (p.retired() || !p.legalBasis().dependsOnSubject()) {
                    fixed[i] = Rules.decide(p, null, null, false);
                }
            }
        }

        /** The index of the highest version published at {@code at}, or -1. */
        int inForceAt(Instant at) {
            for (int i = versions.length - 1; i >= 0; i--) {
                Instant d = definedAt[i];
                if (d == null || !d.isAfter(at)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** One subject's records by purpose, its lifecycle records and its age statements, each in sequence order. */
    public static final class Timeline {
        final Map<String, Slot> byPurpose = new HashMap<>();
        final Slot lifecycle;
        final Slot age;

        Timeline(List<ConsentRecord> history) {
            Map<String, List<ConsentRecord>> grouped = new HashMap<>();
            List<ConsentRecord> lifecycles = new ArrayList<>();
            List<ConsentRecord> ages = new ArrayList<>();
            for (ConsentRecord r : history) {
                String purposeId = r.purposeId();
                if (r.action() == dev.consent.Action.AGE_STATED) {
                    ages.add(r);
                } else if (r.action().isLifecycle()) {
                    lifecycles.add(r);
                } else if (purposeId != null) {
                    grouped.computeIfAbsent(purposeId, k -> new ArrayList<>()).add(r);
                }
            }
            grouped.forEach((id, records) -> byPurpose.put(id, new Slot(records)));
            lifecycle = new Slot(lifecycles);
            age = new Slot(ages);
        }
    }

    /** Records in sequence order, and the last decision made over them. */
    static final class Slot {
        private static final Comparator<ConsentRecord> BY_SEQUENCE =
                Comparator.comparingLong(ConsentRecord::subjectSequence);
        private final ConsentRecord[] records;
        /** Whether the times never fall as the sequences rise, so the records up to an instant are a prefix. */
        private final boolean monotonic;

        private @Nullable Purpose lastPurpose;
        private @Nullable ConsentRecord lastRecord;
        private @Nullable ConsentRecord lastLifecycle;
        private @Nullable ConsentRecord lastAge;
        private boolean lastExpired;
        private boolean lastOfAge;
        private @Nullable Decision last;
        private java.util.@Nullable UUID lastInvalidation;

        Slot(List<ConsentRecord> list) {
            records = list.toArray(new ConsentRecord[0]);
            java.util.Arrays.sort(records, BY_SEQUENCE); // stable: equal sequences keep the stored order
            boolean rising = true;
            for (int i = 1; i < records.length && rising; i++) {
                rising = !records[i].recordedAt().isBefore(records[i - 1].recordedAt());
            }
            monotonic = rising;
        }

        /** The record with the highest sequence among those with a time up to {@code at}, or null. */
        @Nullable
        ConsentRecord latestAt(Instant at) {
            if (!monotonic) {
                ConsentRecord found = null;
                for (ConsentRecord r : records) {
                    if (!r.recordedAt().isAfter(at)
                            && (found == null || r.subjectSequence() > found.subjectSequence())) {
                        found = r;
                    }
                }
                return found;
            }
            int low = 0;
            int high = records.length; // the first index with a time after at lies in [low, high]
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (records[mid].recordedAt().isAfter(at)) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            if (low == 0) {
                return null;
            }
            // among equal sequences Latest keeps the first; with a prefix that is the first of the last run
            int i = low - 1;
            while (i > 0 && records[i - 1].subjectSequence() == records[i].subjectSequence()) {
                i--;
            }
            return records[i];
        }

        Decision decide(
                Purpose p,
                @Nullable ConsentRecord r,
                @Nullable ConsentRecord lifecycle,
                boolean expired,
                java.util.@Nullable UUID invalidatedBy,
                @Nullable ConsentRecord age,
                ComingOfAge rule,
                boolean ofAge) {
            Decision d = last;
            if (d == null
                    || p != lastPurpose
                    || r != lastRecord
                    || lifecycle != lastLifecycle
                    || expired != lastExpired
                    || invalidatedBy != lastInvalidation
                    || age != lastAge
                    || ofAge != lastOfAge) {
                d = Rules.decide(p, r, lifecycle, expired, invalidatedBy, age, rule, ofAge);
                lastInvalidation = invalidatedBy;
                last = d;
                lastPurpose = p;
                lastRecord = r;
                lastLifecycle = lifecycle;
                lastExpired = expired;
                lastAge = age;
                lastOfAge = ofAge;
            }
            return d;
        }
    }
}
