package dev.consent.internal;

import dev.consent.ConsentRecord;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.Enforcer;
import dev.consent.EnforcerStats;
import dev.consent.ProcessingDeniedException;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The enforcer over the snapshot cache. See {@link Enforcer} for the contract. */
final class DefaultEnforcer implements Enforcer {
    /** Subjects loaded per store call in a bulk check. */
    static final int BULK_CHUNK = 1_000;
    private static final long WARN_INTERVAL_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Enforcer.class);

    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final ConsentStore store;
    private final Clock clock;
    private final StoreHealth health;
    private final StateReader states;
    private final LongAdder storeUnavailable = new LongAdder();
    private final LongAdder unknownPurpose = new LongAdder();
    private final LongAdder bulkLoads = new LongAdder();
    private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE / 2);

    DefaultEnforcer(DefaultPurposeRegistry registry, SnapshotCache cache, ConsentStore store, Clock clock,
            StoreHealth health) {
        this.health = health;
        this.registry = registry;
        this.cache = cache;
        this.store = store;
        this.clock = clock;
        this.states = new StateReader(store, registry, clock);
    }

    @Override
    public void require(String subject, String purposeId) {
        Decision d = check(subject, purposeId);
        if (!d.allowed()) {
            throw new ProcessingDeniedException(subject, d);
        }
    }

    @Override
    public void require(String subject, String purposeId, Consistency consistency) {
        Decision d = check(subject, purposeId, consistency);
        if (!d.allowed()) {
            throw new ProcessingDeniedException(subject, d);
        }
    }

    @Override
    public Decision check(String subject, String purposeId) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purposeId, "purposeId");
        DefaultPurposeRegistry.View view = registry.view();
        PurposeRuntime p = view.current.get(purposeId);
        if (p == null) {
            Checks.subject(subject);
            p = registry.lookUpAfterReload(purposeId);
            if (p == null) {
                return unknown(subject, purposeId);
            }
            view = registry.view();
        }
        if (p.fixed != null) {
            Checks.subject(subject);
            return p.fixed;
        }
        Snapshot s = cache.getIfPresent(subject);
        if (s == null) {
            Checks.subject(subject);
            try {
                s = cache.get(subject, view);
            } catch (RuntimeException e) {
                return outage(p, subject, e);
            }
            health.succeeded();
        } else {
            if (health.down && health.denyCached()) {
                storeUnavailable.increment();
                return p.storeUnavailable;
            }
            if (s.generation != view.generation) {
                try {
                    s = cache.get(subject, view); // rebuilt from its own records for the new definitions
                } catch (RuntimeException e) {
                    return outage(p, subject, e);
                }
            }
        }
        return s.decide(p, clock);
    }

    @Override
    public Decision check(String subject, String purposeId, Consistency consistency) {
        Objects.requireNonNull(consistency, "consistency");
        if (consistency.kind() == Consistency.Kind.CACHED) {
            return check(subject, purposeId);
        }
        Checks.subject(subject);
        Objects.requireNonNull(purposeId, "purposeId");
        PurposeRuntime p = registry.view().current.get(purposeId);
        if (p == null) {
            p = registry.lookUpAfterReload(purposeId);
            if (p == null) {
                return unknown(subject, purposeId);
            }
        }
        if (p.fixed != null) {
            return p.fixed;
        }
        if (consistency.kind() == Consistency.Kind.AT_LEAST && health.down && health.denyCached()) {
            storeUnavailable.increment();
            return p.storeUnavailable;
        }
        Snapshot s;
        try {
            s = consistency.kind() == Consistency.Kind.FULL
                    ? cache.loadUncached(subject)
                    : cache.getAtLeast(subject, consistency.position());
        } catch (RuntimeException e) {
            return outage(p, subject, e);
        }
        health.succeeded();
        DefaultPurposeRegistry.View view = registry.view();
        if (s.generation != view.generation) {
            s = s.rebuild(view);
            p = view.current.get(purposeId);
            if (p == null) {
                return unknown(subject, purposeId);
            }
        }
        return s.decide(p, clock);
    }

    @Override
    public Decision checkAt(String subject, String purposeId, java.time.Instant instant) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purposeId, "purposeId");
        Objects.requireNonNull(instant, "instant");
        Checks.subject(subject);
        if (registry.view().current.get(purposeId) == null && registry.lookUpAfterReload(purposeId) == null) {
            return unknown(subject, purposeId);
        }
        try {
            Decision d = states.decisionAt(subject, purposeId, instant);
            health.succeeded();
            return d;
        } catch (RuntimeException e) {
            PurposeRuntime p = registry.view().current.get(purposeId);
            if (p == null) {
                throw e;
            }
            return outage(p, subject, e);
        }
    }

    @Override
    public Map<String, Decision> checkAll(Collection<String> subjects, String purposeId) {
        Objects.requireNonNull(subjects, "subjects");
        Objects.requireNonNull(purposeId, "purposeId");
        DefaultPurposeRegistry.View view = registry.view();
        PurposeRuntime p = view.current.get(purposeId);
        if (p == null) {
            p = registry.lookUpAfterReload(purposeId);
            view = registry.view();
        }
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
                out.put(subject, unknown(subject, purposeId));
            } else if (p.fixed != null) {
                out.put(subject, p.fixed);
            } else {
                Snapshot s = cache.getIfPresent(subject);
                if (s != null && s.generation == view.generation) {
                    if (health.down && health.denyCached()) {
                        storeUnavailable.increment();
                        out.put(subject, p.storeUnavailable);
                        continue;
                    }
                    out.put(subject, s.decide(p, now));
                } else {
                    out.put(subject, p.storeUnavailable); // placeholder, keeps the order; replaced below
                    misses.add(subject);
                }
            }
        }
        for (int from = 0; from < misses.size(); from += BULK_CHUNK) {
            List<String> chunk = misses.subList(from, Math.min(misses.size(), from + BULK_CHUNK));
            bulkLoads.add(chunk.size());
            try {
                Map<String, CurrentState> heads = store.loadCurrentStates(chunk, p.purpose.id());
                health.succeeded();
                for (String subject : chunk) {
                    CurrentState head = heads.get(subject);
                    if (head == null) {
                        throw new IllegalStateException("store answered no head for a subject it was asked for");
                    }
                    out.put(subject, decide(head, p, now));
                }
            } catch (RuntimeException e) {
                for (String subject : chunk) {
                    out.put(subject, outage(p, subject, e));
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public List<String> filterAllowed(Collection<String> subjects, String purposeId) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Decision> e : checkAll(subjects, purposeId).entrySet()) {
            if (e.getValue().allowed()) {
                out.add(e.getKey());
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public EnforcerStats stats() {
        return new EnforcerStats(cache.loads() + bulkLoads.sum(), storeUnavailable.sum(), unknownPurpose.sum());
    }

    /** A decision straight from a head, without building a snapshot of every purpose. */
    private static Decision decide(CurrentState head, PurposeRuntime p, long now) {
        Latest found = Latest.of(head.latest());
        ConsentRecord latest = found.byPurpose.get(p.purpose.id());
        ConsentRecord lifecycle = found.lifecycle;
        boolean expired = latest != null && latest.expiresAt() != null && now >= latest.expiresAt().toEpochMilli();
        return Rules.decide(p.purpose, latest, lifecycle, expired);
    }

    private Decision unknown(String subject, String purposeId) {
        Checks.subject(subject);
        unknownPurpose.increment();
        warn("denied processing for unknown purpose {} ({} such denials so far)", ValueText.describe(purposeId),
                unknownPurpose.sum(), null);
        return Rules.unknownPurpose(purposeId);
    }

    private Decision outage(PurposeRuntime p, String subject, RuntimeException e) {
        health.failed();
        storeUnavailable.increment();
        warn("store unavailable: denied processing for purpose {} ({} such denials so far)", p.purpose.id(),
                storeUnavailable.sum(), e);
        return p.storeUnavailable;
    }

    /**
     * Logs at WARN at most every ten seconds, at DEBUG otherwise, so an outage cannot flood the log. Subject
     * ids are never logged: they may be personal data (an e-mail address), and logs outlive erasure.
     */
    private void warn(String message, Object a, Object b, @Nullable Throwable e) {
        long now = System.nanoTime() / 1_000_000;
        long last = lastWarn.get();
        if (now - last >= WARN_INTERVAL_MILLIS && lastWarn.compareAndSet(last, now)) {
            LOG.warn(message, a, b, e);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(message, a, b, e);
        }
    }
}
