package dev.consent.internal;

import dev.consent.ComingOfAge;
import dev.consent.ConsentRecord;
import dev.consent.Decision;
import dev.consent.spi.CurrentState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The enforcer's bulk checks: one purpose for many subjects, answered from cached snapshots where they are
 * current and otherwise from the subjects' current states, read {@value #CHUNK} subjects per store call and
 * decided by the same rules without building a snapshot of every purpose. Not counted here (the enforcer
 * counts). Thread-safe.
 */
final class BulkChecks {
    /** Subjects loaded per store call. */
    static final int CHUNK = 1_000;

    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final GuardedStore store;
    private final Clock clock;
    private final Denials denials;
    private final LongAdder loads = new LongAdder();

    BulkChecks(DefaultPurposeRegistry registry, SnapshotCache cache, GuardedStore store, Clock clock, Denials denials) {
        this.registry = registry;
        this.cache = cache;
        this.store = store;
        this.clock = clock;
        this.denials = denials;
    }

    /** Subjects whose states were read from the store, so far. */
    long loads() {
        return loads.sum();
    }

    /**
     * The decisions of a bulk check; not counted. {@code hits}, when given, collects the subjects answered from
     * a cached snapshot.
     */
    Map<String, Decision> check(
            Collection<String> subjects,
            String purposeId,
            @Nullable String jurisdiction,
            java.util.@Nullable Set<String> hits) {
        Objects.requireNonNull(subjects, "subjects");
        Objects.requireNonNull(purposeId, "purposeId");
        PurposeRuntime p = registry.runtime(purposeId);
        boolean optOut = p != null && p.optsOut(jurisdiction);
        long now = clock.millis();
        Map<String, Decision> out = new LinkedHashMap<>((int) Math.min(1 << 30, subjects.size() * 4L / 3 + 1));
        List<String> misses = new ArrayList<>();
        int index = 0;
        for (String subject : subjects) {
            if (!Checks.isText(subject, Checks.MAX_ID_LENGTH)) {
                Checks.text("subjects[" + index + "]", subject, Checks.MAX_ID_LENGTH); // throws, naming it
            }
            index++;
            if (out.containsKey(subject)) {
                continue;
            }
            if (p == null) {
                out.put(subject, denials.unknown(subject, purposeId));
            } else if (p.fixed != null && !optOut) {
                out.put(subject, p.fixed);
            } else {
                Snapshot s = cache.getIfCurrent(subject);
                if (s != null) {
                    if (store.denyCached()) {
                        out.put(subject, denials.storeUnavailable(p));
                        continue;
                    }
                    out.put(subject, optOut ? s.decideOptOut(p) : s.decide(p, now));
                    if (hits != null) {
                        hits.add(subject);
                    }
                } else {
                    out.put(subject, p.storeUnavailable); // placeholder, keeps the order; replaced below
                    misses.add(subject);
                }
            }
        }
        Invalidations invalidations = registry.view().invalidations;
        for (int from = 0; from < misses.size(); from += CHUNK) {
            List<String> chunk = misses.subList(from, Math.min(misses.size(), from + CHUNK));
            loads.add(chunk.size());
            try {
                Map<String, CurrentState> answered = store.loadCurrentStates(chunk, p.purpose.id());
                for (String subject : chunk) {
                    out.put(subject, decide(answered.get(subject), p, now, invalidations, optOut, cache.comingOfAge()));
                }
            } catch (RuntimeException e) {
                for (String subject : chunk) {
                    out.put(subject, denials.outage(p, e));
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** A decision straight from a current state, without building a snapshot of every purpose. */
    private static Decision decide(
            CurrentState current,
            PurposeRuntime p,
            long now,
            Invalidations invalidations,
            boolean optOut,
            ComingOfAge rule) {
        Latest found = Latest.of(current.latest());
        ConsentRecord latest = found.byPurpose.get(p.purpose.id());
        ConsentRecord lifecycle = found.lifecycle;
        if (optOut) {
            return Rules.decideOptOut(p.purpose, latest, lifecycle);
        }
        boolean expired = latest != null
                && latest.expiresAt() != null
                && now >= latest.expiresAt().toEpochMilli();
        boolean ofAge = found.age != null
                && found.age.expiresAt() != null
                && now >= found.age.expiresAt().toEpochMilli();
        return Rules.decide(p.purpose, latest, lifecycle, expired, invalidations.now(latest), found.age, rule, ofAge);
    }
}
