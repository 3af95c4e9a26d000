package dev.consent.internal;

import dev.consent.ComingOfAge;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.Decision;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import dev.consent.SubjectState;
import dev.consent.spi.ConsentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Answers "what was the state of this subject at instant T", with the same rules as the enforcer. */
final class StateReader {
    private final ConsentStore store;
    private final DefaultPurposeRegistry registry;
    private final Clock clock;
    private final ComingOfAge rule;

    StateReader(ConsentStore store, DefaultPurposeRegistry registry, Clock clock, ComingOfAge rule) {
        this.rule = rule;
        this.store = store;
        this.registry = registry;
        this.clock = clock;
    }

    /** The state now, from the subject's latest records (one store read). */
    SubjectState current(String subject) {
        Instant now = clock.instant();
        Map<String, Purpose> inForce = new TreeMap<>();
        for (Purpose p : registry.current()) {
            inForce.put(p.id(), p);
        }
        return build(subject, now, inForce, store.loadCurrentState(subject).latest());
    }

    /**
     * The state at {@code instant}, from the subject's history up to it. Costs one
     * {@link ConsentStore#readSubject(String)}: one subject's records, never a scan of the ledger; the
     * purpose versions come from the registry's memory.
     */
    SubjectState at(String subject, Instant instant) {
        return build(subject, instant, registry.inForceAt(instant), upTo(subject, instant));
    }

    /** The state at {@code instant} from {@code history}, records after it left out. */
    SubjectState at(String subject, Instant instant, List<ConsentRecord> history) {
        List<ConsentRecord> upTo = new java.util.ArrayList<>();
        for (ConsentRecord r : history) {
            if (!r.recordedAt().isAfter(instant)) {
                upTo.add(r);
            }
        }
        return build(subject, instant, registry.inForceAt(instant), upTo);
    }

    /** The clock's instant. */
    Instant now() {
        return clock.instant();
    }

    /**
     * The decision for {@code purposeId} at {@code instant}, as {@link #at} would state it; a purpose not
     * defined at that instant is unknown then. Costs one {@link ConsentStore#readSubject(String)}.
     */
    Decision decisionAt(String subject, String purposeId, Instant instant) {
        return decisionAt(subject, purposeId, instant, null);
    }

    /**
     * As {@link #decisionAt(String, String, Instant)}, in {@code jurisdiction}: where the version in force then
     * follows an opt-out model there, {@link Rules#decideOptOut} decides.
     */
    Decision decisionAt(String subject, String purposeId, Instant instant, @Nullable String jurisdiction) {
        Purpose p = registry.inForceAt(instant).get(purposeId);
        if (p == null) {
            return Rules.unknownPurpose(purposeId);
        }
        if (Rules.optsOut(p, jurisdiction)) {
            Latest found = Latest.of(upTo(subject, instant));
            return Rules.decideOptOut(p, found.byPurpose.get(purposeId), found.lifecycle);
        }
        if (p.retired() || !p.legalBasis().dependsOnSubject()) {
            return Rules.decide(p, null, null, false);
        }
        Latest found = Latest.of(upTo(subject, instant));
        ConsentRecord r = found.byPurpose.get(purposeId);
        return Rules.decide(
                p,
                r,
                found.lifecycle,
                r != null && r.isExpiredAt(instant),
                invalidations().at(r, instant),
                found.age,
                rule,
                Rules.ofAge(found.age, instant));
    }

    /** The subject's records with a time up to {@code instant}, in the order stored. */
    private List<ConsentRecord> upTo(String subject, Instant instant) {
        List<ConsentRecord> upTo = new java.util.ArrayList<>();
        for (ConsentRecord r : store.readSubject(subject)) {
            if (!r.recordedAt().isAfter(instant)) {
                upTo.add(r);
            }
        }
        return upTo;
    }

    private SubjectState build(String subject, Instant at, Map<String, Purpose> inForce, List<ConsentRecord> records) {
        Latest found = Latest.of(records);
        Map<String, ConsentRecord> latest = found.byPurpose;
        ConsentRecord lifecycle = found.lifecycle;
        Invalidations invalidations = invalidations();
        boolean ofAge = Rules.ofAge(found.age, at);
        Map<String, PurposeState> states = new TreeMap<>();
        for (Purpose p : inForce.values()) {
            ConsentRecord r = latest.get(p.id());
            boolean expired = r != null && r.isExpiredAt(at);
            java.util.UUID invalidatedBy = invalidations.at(r, at);
            ConsentStatus status = Rules.status(p, r, expired, invalidatedBy, found.age, rule, ofAge);
            Decision decision = Rules.decide(p, r, lifecycle, expired, invalidatedBy, found.age, rule, ofAge);
            Purpose seen = r == null ? p : versionSeen(p, r);
            states.put(p.id(), new PurposeState(seen, status, decision, r, recipients(p, seen, decision)));
        }
        return new SubjectState(subject, at, states, lifecycle);
    }

    /**
     * The recipients a recipient-scoped check allows for {@code decision} (see {@link RecipientIndex}): none
     * for a denial; for a grant of consent those of the agreed version {@code seen} that {@code inForce}
     * names; otherwise those of {@code inForce}.
     */
    static List<String> recipients(Purpose inForce, Purpose seen, Decision decision) {
        if (!decision.allowed()) {
            return List.of();
        }
        if (decision.reason() != dev.consent.DecisionReason.CONSENT_GRANTED) {
            return inForce.recipients();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String r : seen.recipients()) {
            if (inForce.recipients().contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The registry's invalidations; which count at an instant is decided per record. */
    private Invalidations invalidations() {
        return registry.view().invalidations;
    }

    private Purpose versionSeen(Purpose inForce, @Nullable ConsentRecord r) {
        if (r == null || r.purposeVersion() == inForce.version()) {
            return inForce;
        }
        return registry.find(inForce.id(), r.purposeVersion()).orElse(inForce);
    }
}
