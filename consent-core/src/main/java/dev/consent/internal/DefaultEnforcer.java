package dev.consent.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.Enforcer;
import dev.consent.EnforcerStats;
import dev.consent.Limits;
import dev.consent.ProcessingDeniedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The enforcer over the snapshot cache. See {@link Enforcer} for the contract.
 *
 * <p>A check looks its purpose up once ({@link DefaultPurposeRegistry#runtime}) and asks the cache for a
 * current snapshot ({@link SnapshotCache#getIfCurrent}); the cache alone decides whether a snapshot is
 * current. Store failures reach this class as {@link dev.consent.StoreUnavailableException} from
 * {@link GuardedStore}, which has recorded the outage; here they become denials with the reason
 * {@code STORE_UNAVAILABLE}, counted in {@link #stats()}.
 *
 * <p>Decision counting ({@link DecisionCounts}), when on, counts each decision for processing now once, where
 * it is final: a recipient check its recipient's decision, a bulk check each subject's; the private methods
 * that others build on ({@link #fresh}, {@link BulkChecks#check}) count nothing themselves.
 *
 * <p>Bulk checks are {@link BulkChecks}'; the denials for a failing store and an unknown purpose, counted and
 * logged, are {@link Denials}'.
 */
final class DefaultEnforcer implements Enforcer {
    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final GuardedStore store;
    private final Clock clock;
    private final StateReader states;
    private final Denials denials;
    private final BulkChecks bulk;
    /** Decisions by reason, when counting is on; null keeps the cached check free of shared writes. */
    private final @Nullable DecisionCounts counts;

    DefaultEnforcer(
            DefaultPurposeRegistry registry,
            SnapshotCache cache,
            GuardedStore store,
            Clock clock,
            Ticker ticker,
            boolean countDecisions) {
        this.counts = countDecisions ? new DecisionCounts() : null;
        this.registry = registry;
        this.cache = cache;
        this.store = store;
        this.clock = clock;
        this.states = new StateReader(store, registry, clock, cache.comingOfAge());
        this.denials = new Denials(ticker);
        this.bulk = new BulkChecks(registry, cache, store, clock, denials);
    }

    @Override
    public void require(String subject, String purposeId) {
        deny(subject, check(subject, purposeId));
    }

    @Override
    public void require(String subject, String purposeId, Consistency consistency) {
        deny(subject, check(subject, purposeId, consistency));
    }

    @Override
    public void requireIn(String subject, String purposeId, String jurisdiction) {
        deny(subject, checkIn(subject, purposeId, jurisdiction));
    }

    private static void deny(String subject, Decision d) {
        if (!d.allowed()) {
            throw new ProcessingDeniedException(subject, d);
        }
    }

    @Override
    public Decision check(String subject, String purposeId) {
        return cached(subject, purposeId, null);
    }

    @Override
    public Decision checkIn(String subject, String purposeId, String jurisdiction) {
        return cached(subject, purposeId, jurisdiction(jurisdiction));
    }

    /** Validates a jurisdiction a check names; allocation-free when it is valid. */
    private static String jurisdiction(String jurisdiction) {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        if (!Checks.isText(jurisdiction, Limits.MAX_JURISDICTION_LENGTH)) {
            Checks.text("jurisdiction", jurisdiction, Limits.MAX_JURISDICTION_LENGTH); // throws, naming it
        }
        return jurisdiction;
    }

    private Decision cached(String subject, String purposeId, @Nullable String jurisdiction) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purposeId, "purposeId");
        PurposeRuntime p = registry.runtime(purposeId);
        if (p == null) {
            return counted(denials.unknown(subject, purposeId), false);
        }
        if (p.fixed != null && !p.optsOut(jurisdiction)) {
            Checks.subject(subject);
            return counted(p.fixed, false);
        }
        Snapshot s = cache.getIfCurrent(subject);
        if (s != null) {
            if (store.denyCached()) {
                return counted(denials.storeUnavailable(p), false);
            }
            return counted(s.decide(p, jurisdiction, clock), true);
        }
        Checks.subject(subject);
        try {
            s = cache.get(subject); // loaded, or reloaded under the current definitions
        } catch (RuntimeException e) {
            return counted(denials.outage(p, e), false);
        }
        return counted(s.decide(p, jurisdiction, clock), false);
    }

    /** Counts {@code d} when counting is on; {@code cached} when a cached snapshot answered it. Hot path. */
    private Decision counted(Decision d, boolean cached) {
        DecisionCounts c = counts;
        if (c != null) {
            c.count(d, cached);
        }
        return d;
    }

    /** A set to collect the subjects a bulk check answered from the cache, when counting is on. */
    private java.util.@Nullable Set<String> hitSet() {
        return counts == null ? null : new java.util.HashSet<>();
    }

    /** Counts every decision of a bulk check, when counting is on. */
    private Map<String, Decision> countedAll(Map<String, Decision> decisions, java.util.@Nullable Set<String> hits) {
        DecisionCounts c = counts;
        if (c != null && hits != null) {
            decisions.forEach((subject, d) -> c.count(d, hits.contains(subject)));
        }
        return decisions;
    }

    @Override
    public Decision check(String subject, String purposeId, Consistency consistency) {
        return consistent(subject, purposeId, null, consistency);
    }

    @Override
    public Decision checkIn(String subject, String purposeId, String jurisdiction, Consistency consistency) {
        return consistent(subject, purposeId, jurisdiction(jurisdiction), consistency);
    }

    private Decision consistent(
            String subject, String purposeId, @Nullable String jurisdiction, Consistency consistency) {
        Objects.requireNonNull(consistency, "consistency");
        if (consistency.kind() == Consistency.Kind.CACHED) {
            return cached(subject, purposeId, jurisdiction);
        }
        return counted(fresh(subject, purposeId, jurisdiction, consistency), false);
    }

    /** A check at least as fresh as {@code consistency} asks, which is not {@code CACHED}; not counted. */
    private Decision fresh(String subject, String purposeId, @Nullable String jurisdiction, Consistency consistency) {
        Checks.subject(subject);
        Objects.requireNonNull(purposeId, "purposeId");
        PurposeRuntime p = registry.runtime(purposeId);
        if (p == null) {
            return denials.unknown(subject, purposeId);
        }
        if (p.fixed != null && !p.optsOut(jurisdiction)) {
            return p.fixed;
        }
        if (consistency.kind() == Consistency.Kind.AT_LEAST && store.denyCached()) {
            return denials.storeUnavailable(p);
        }
        Snapshot s;
        try {
            s = consistency.kind() == Consistency.Kind.FULL
                    ? cache.loadUncached(subject)
                    : cache.getAtLeast(subject, consistency.position());
        } catch (RuntimeException e) {
            return denials.outage(p, e);
        }
        return s.decide(p, jurisdiction, clock);
    }

    @Override
    public Decision checkAt(String subject, String purposeId, java.time.Instant instant) {
        return past(subject, purposeId, instant, null);
    }

    @Override
    public Decision checkAtIn(String subject, String purposeId, java.time.Instant instant, String jurisdiction) {
        return past(subject, purposeId, instant, jurisdiction(jurisdiction));
    }

    private Decision past(String subject, String purposeId, java.time.Instant instant, @Nullable String jurisdiction) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purposeId, "purposeId");
        Objects.requireNonNull(instant, "instant");
        Checks.subject(subject);
        PurposeRuntime p = registry.runtime(purposeId);
        if (p == null) {
            return denials.unknown(subject, purposeId);
        }
        try {
            return states.decisionAt(subject, purposeId, instant, jurisdiction);
        } catch (RuntimeException e) {
            return denials.outage(p, e);
        }
    }

    @Override
    public Map<String, Decision> checkAll(Collection<String> subjects, String purposeId) {
        java.util.Set<String> hits = hitSet();
        return countedAll(bulk.check(subjects, purposeId, null, hits), hits);
    }

    @Override
    public Map<String, Decision> checkAllIn(Collection<String> subjects, String purposeId, String jurisdiction) {
        java.util.Set<String> hits = hitSet();
        return countedAll(bulk.check(subjects, purposeId, jurisdiction(jurisdiction), hits), hits);
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
    public void require(String subject, String purposeId, String recipient) {
        Decision d = check(subject, purposeId, recipient);
        if (!d.allowed()) {
            throw new ProcessingDeniedException(subject, d);
        }
    }

    @Override
    public void require(String subject, String purposeId, String recipient, Consistency consistency) {
        Decision d = check(subject, purposeId, recipient, consistency);
        if (!d.allowed()) {
            throw new ProcessingDeniedException(subject, d);
        }
    }

    /** The cached check for a recipient: as {@link #check(String, String)}, allocation-free as it is. */
    @Override
    public Decision check(String subject, String purposeId, String recipient) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purposeId, "purposeId");
        Objects.requireNonNull(recipient, "recipient");
        PurposeRuntime p = registry.runtime(purposeId);
        if (p == null) {
            Checks.text("recipient", recipient, Checks.MAX_ID_LENGTH);
            return counted(denials.unknown(subject, purposeId), false);
        }
        boolean[] named = p.recipients.versionsNaming(recipient);
        if (named == null) {
            Checks.subject(subject);
            throw p.recipients.undeclared(recipient);
        }
        if (p.fixed != null) {
            Checks.subject(subject);
            return counted(
                    RecipientIndex.apply(p.fixed, named, p.purpose.version(), p.recipientNotInForce, null), false);
        }
        Snapshot s = cache.getIfCurrent(subject);
        if (s != null) {
            if (store.denyCached()) {
                return counted(denials.storeUnavailable(p), false);
            }
            return counted(s.decide(p, clock, named), true);
        }
        Checks.subject(subject);
        try {
            s = cache.get(subject);
        } catch (RuntimeException e) {
            return counted(denials.outage(p, e), false);
        }
        return counted(s.decide(p, clock, named), false);
    }

    @Override
    public Decision check(String subject, String purposeId, String recipient, Consistency consistency) {
        Objects.requireNonNull(consistency, "consistency");
        if (consistency.kind() == Consistency.Kind.CACHED) {
            return check(subject, purposeId, recipient);
        }
        Objects.requireNonNull(subject, "subject");
        PurposeRuntime p = recipientPurpose(subject, purposeId, recipient);
        Decision base = fresh(subject, purposeId, null, consistency);
        return counted(p == null ? base : forRecipient(base, p, recipient, p.purpose.version()), false);
    }

    @Override
    public Map<String, Decision> checkAll(Collection<String> subjects, String purposeId, String recipient) {
        Objects.requireNonNull(subjects, "subjects");
        PurposeRuntime p = recipientPurpose(null, purposeId, recipient);
        java.util.Set<String> hits = hitSet();
        Map<String, Decision> base = bulk.check(subjects, purposeId, null, hits);
        if (p == null) {
            return countedAll(base, hits);
        }
        Map<String, Decision> out = new LinkedHashMap<>((int) Math.min(1 << 30, base.size() * 4L / 3 + 1));
        for (Map.Entry<String, Decision> e : base.entrySet()) {
            out.put(e.getKey(), forRecipient(e.getValue(), p, recipient, p.purpose.version()));
        }
        return countedAll(Collections.unmodifiableMap(out), hits);
    }

    @Override
    public List<String> filterAllowed(Collection<String> subjects, String purposeId, String recipient) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Decision> e :
                checkAll(subjects, purposeId, recipient).entrySet()) {
            if (e.getValue().allowed()) {
                out.add(e.getKey());
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public Decision checkAt(String subject, String purposeId, String recipient, java.time.Instant instant) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(instant, "instant");
        PurposeRuntime p = recipientPurpose(subject, purposeId, recipient);
        Decision base = checkAt(subject, purposeId, instant);
        if (p == null || !base.allowed()) {
            return base;
        }
        dev.consent.Purpose inForce = registry.inForceAt(instant).get(purposeId);
        return inForce == null ? base : forRecipient(base, p, recipient, inForce.version());
    }

    /**
     * Checks the arguments of a recipient-scoped check that is not the cached one: nulls, the subject (when
     * given), and the recipient against every version of the purpose.
     *
     * @return the purpose, or null when it is unknown (the check then denies as for the purpose alone)
     */
    private @org.jspecify.annotations.Nullable PurposeRuntime recipientPurpose(
            @org.jspecify.annotations.Nullable String subject, String purposeId, String recipient) {
        Objects.requireNonNull(purposeId, "purposeId");
        Objects.requireNonNull(recipient, "recipient");
        if (subject != null) {
            Checks.subject(subject);
        }
        PurposeRuntime p = registry.runtime(purposeId);
        if (p == null) {
            Checks.text("recipient", recipient, Checks.MAX_ID_LENGTH);
            return null;
        }
        p.recipients.require(recipient);
        return p;
    }

    /** {@code base} narrowed to {@code recipient} with version {@code inForce} in force. */
    private static Decision forRecipient(Decision base, PurposeRuntime p, String recipient, int inForce) {
        boolean[] named = p.recipients.require(recipient);
        Decision notInForce = inForce == p.purpose.version() ? p.recipientNotInForce : null;
        return RecipientIndex.apply(base, named, inForce, notInForce, null);
    }

    @Override
    public EnforcerStats stats() {
        DecisionCounts c = counts;
        long misses = cache.loads() + bulk.loads();
        long unavailable = denials.storeUnavailable();
        long unknown = denials.unknownPurpose();
        return c == null
                ? new EnforcerStats(misses, unavailable, unknown)
                : new EnforcerStats(misses, unavailable, unknown, c.cacheHits(), c.byReason());
    }
}
