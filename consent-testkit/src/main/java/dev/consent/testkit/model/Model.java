package dev.consent.testkit.model;

import dev.consent.Action;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.LegalBasis;
import dev.consent.testkit.model.Step.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The decision table as the documentation states it (README, docs/decisions-and-freshness.md,
 * docs/calendar-periods.md, docs/proof-and-rights.md), written again from those pages and nothing else: it
 * calls no code of the library, and keeps its own history of every step. Given a step, it says whether the
 * ledger must reject it and which records it must append; given a subject, a purpose and an instant, it says
 * which decision the enforcer must answer.
 *
 * <p>The rules, in order: no version defined by the instant is an unknown purpose; the version in force is
 * the highest one defined by then; a retired one denies; a basis other than consent and legitimate interest
 * allows; an erased or deceased subject (the latest lifecycle record) is denied; then the subject's latest
 * record about the purpose decides: none is no consent (consent) or no objection (legitimate interest); a grant
 * of a version below the version in force's oldest valid version needs re-consent; a grant at or past its
 * expiry (the grant's instant plus the version's maximum age, a calendar period in UTC or a duration) has
 * expired; otherwise it is granted; a refusal, a withdrawal and an objection deny with their own reasons, and
 * a withdrawn objection allows again. A decision names the record that decides it (the lifecycle record, or
 * the latest record with the version it concerns), else the version in force.
 */
final class Model {
    /** A purpose of the model: its id, legal basis and maximum age (a Period, a Duration or none). */
    record Spec(String id, LegalBasis basis, @Nullable Object maxAge) {}

    /** The purposes, each defined at version 1 at the start. */
    public static final List<Spec> PURPOSES = List.of(
            new Spec("m.email", LegalBasis.CONSENT, Period.ofMonths(1)),
            new Spec("m.sms", LegalBasis.CONSENT, Duration.ofHours(36)),
            new Spec("m.news", LegalBasis.CONSENT, null),
            new Spec("m.analytics", LegalBasis.LEGITIMATE_INTEREST, null),
            new Spec("m.billing", LegalBasis.CONTRACT, null));
    /** The purposes 0 to this (exclusive) are consent purposes. */
    public static final int CONSENT_PURPOSES = 3;
    /** The legitimate-interest purpose. */
    public static final int LEGITIMATE_INTEREST = 3;
    /** Two accounts and two anonymous visitors, each visitor linked only to its own account. */
    public static final List<String> SUBJECTS = List.of("alice", "bob", "visitor-a", "visitor-b");
    /** The visitors among {@link #SUBJECTS}. */
    public static final List<Integer> VISITORS = List.of(2, 3);

    /** One published version. */
    record Version(int version, Instant definedAt, int minValid, boolean retired) {}

    /** One record: {@code purpose} is -1 for a lifecycle record. */
    record Rec(
            int subject,
            int purpose,
            Action action,
            int version,
            Instant at,
            @Nullable Instant expiresAt) {}

    /** What a step must do: be rejected, or append {@code records} (none: a no-op or a replay). */
    record Prediction(boolean rejected, List<Rec> records) {
        static final Prediction REJECTED = new Prediction(true, List.of());
        static final Prediction NOTHING = new Prediction(false, List.of());
    }

    private final List<List<Version>> versions = new ArrayList<>();
    private final List<Rec> records = new ArrayList<>();
    private final List<UUID> ids = new ArrayList<>();
    private final Set<String> linkKeys = new HashSet<>();
    private final Instant start;
    private Instant now;

    /** A model whose purposes are all defined at version 1 at {@code start}. */
    public Model(Instant start) {
        this.start = start;
        this.now = start;
        for (int p = 0; p < PURPOSES.size(); p++) {
            versions.add(new ArrayList<>(List.of(new Version(1, start, 1, false))));
        }
    }

    /** The account a visitor is linked to. */
    public static String accountOf(int visitor) {
        return SUBJECTS.get(visitor - VISITORS.get(0));
    }

    /** The model's clock. */
    public Instant now() {
        return now;
    }

    /** The current version of purpose {@code p}. */
    Version current(int p) {
        List<Version> all = versions.get(p);
        return all.get(all.size() - 1);
    }

    /** Moves the model's clock for an ADVANCE or TO_EXPIRY step; returns the new instant. */
    public Instant move(Step step) {
        if (step.kind() == Kind.ADVANCE) {
            Object by = Step.MOVES.get(step.amount());
            now = by instanceof Period period
                    ? now.atOffset(ZoneOffset.UTC).plus(period).toInstant()
                    : now.plus((Duration) by);
        } else {
            Instant next = null;
            for (Rec r : records) {
                if (r.expiresAt() != null
                        && r.expiresAt().isAfter(now)
                        && (next == null || r.expiresAt().isBefore(next))) {
                    next = r.expiresAt();
                }
            }
            if (next != null && next.plusMillis(step.amount()).isAfter(now)) {
                now = next.plusMillis(step.amount());
            }
        }
        return now;
    }

    /** What {@code step} (a definition or a write) must do now. */
    public Prediction predict(Step step) {
        int s = step.subject();
        int p = step.purpose();
        Rec lifecycle = latest(s, -1, now);
        switch (step.kind()) {
            case EDITORIAL, MATERIAL, RETIRE:
                return Prediction.NOTHING;
            case ERASE:
                return lifecycle != null && lifecycle.action() == Action.SUBJECT_ERASED
                        ? Prediction.NOTHING
                        : one(new Rec(s, -1, Action.SUBJECT_ERASED, 0, now, null));
            case DIE:
                return lifecycle != null
                        ? Prediction.REJECTED
                        : one(new Rec(s, -1, Action.SUBJECT_DECEASED, 0, now, null));
            case LINK:
                return link(s);
            default:
                break;
        }
        Action action = switch (step.kind()) {
            case GRANT -> Action.GRANTED;
            case DENY -> Action.DENIED;
            case WITHDRAW -> Action.WITHDRAWN;
            case OBJECT -> Action.OBJECTED;
            default -> Action.OBJECTION_WITHDRAWN;
        };
        LegalBasis basis = PURPOSES.get(p).basis();
        boolean consentAction = action == Action.GRANTED || action == Action.DENIED || action == Action.WITHDRAWN;
        if (lifecycle != null
                || (consentAction && basis != LegalBasis.CONSENT)
                || (!consentAction && basis != LegalBasis.LEGITIMATE_INTEREST)
                || (action == Action.GRANTED && current(p).retired())) {
            return Prediction.REJECTED;
        }
        Instant expiresAt = action == Action.GRANTED ? expiry(PURPOSES.get(p), now) : null;
        return one(new Rec(s, p, action, current(p).version(), now, expiresAt));
    }

    private Prediction link(int visitor) {
        int account = SUBJECTS.indexOf(accountOf(visitor));
        if (latest(visitor, -1, now) != null || latest(account, -1, now) != null) {
            return Prediction.REJECTED;
        }
        if (linkKeys.contains(linkKey(visitor))) {
            return Prediction.NOTHING; // the same visitor history was linked before: a replay
        }
        TreeSet<String> byId = new TreeSet<>();
        PURPOSES.forEach(spec -> byId.add(spec.id()));
        List<Rec> carried = new ArrayList<>();
        for (String id : byId) {
            int p = indexOf(id);
            Rec r = latest(visitor, p, now);
            Rec held = latest(account, p, now);
            if (r == null
                    || (held != null && !r.at().isAfter(held.at()))
                    || (r.action() == Action.GRANTED && current(p).retired())) {
                continue;
            }
            carried.add(new Rec(account, p, r.action(), r.version(), now, r.expiresAt()));
        }
        return carried.isEmpty() ? Prediction.NOTHING : new Prediction(false, carried);
    }

    private String linkKey(int visitor) {
        return visitor + "#"
                + records.stream().filter(r -> r.subject() == visitor).count();
    }

    /** Records that {@code step} did what {@code prediction} said, the appended records having {@code recordIds}. */
    public void commit(Step step, Prediction prediction, List<UUID> recordIds) {
        switch (step.kind()) {
            case EDITORIAL, MATERIAL, RETIRE -> {
                Version v = current(step.purpose());
                int next = v.version() + 1;
                versions.get(step.purpose())
                        .add(new Version(
                                next,
                                now,
                                step.kind() == Kind.MATERIAL ? next : v.minValid(),
                                step.kind() == Kind.RETIRE));
            }
            default -> {
                if (step.kind() == Kind.LINK && !prediction.records().isEmpty()) {
                    linkKeys.add(linkKey(step.subject()));
                }
                records.addAll(prediction.records());
                ids.addAll(recordIds);
            }
        }
    }

    /** The version of purpose {@code p} that a definition step publishes next, as the model will hold it. */
    public Version next(Step step) {
        Version v = current(step.purpose());
        int next = v.version() + 1;
        return new Version(next, now, step.kind() == Kind.MATERIAL ? next : v.minValid(), step.kind() == Kind.RETIRE);
    }

    /** The decision for subject {@code s} and purpose {@code p} at {@code at}. */
    public Decision decide(int s, int p, Instant at) {
        Spec spec = PURPOSES.get(p);
        Version v = null;
        for (Version candidate : versions.get(p)) {
            if (!candidate.definedAt().isAfter(at)) {
                v = candidate;
            }
        }
        if (v == null) {
            return new Decision(false, DecisionReason.UNKNOWN_PURPOSE, spec.id(), null, 0, null);
        }
        if (v.retired()) {
            return decision(DecisionReason.PURPOSE_RETIRED, spec, v.version(), null);
        }
        if (spec.basis() != LegalBasis.CONSENT && spec.basis() != LegalBasis.LEGITIMATE_INTEREST) {
            return decision(DecisionReason.LEGAL_BASIS_NOT_CONSENT, spec, v.version(), null);
        }
        Rec lifecycle = latest(s, -1, at);
        if (lifecycle != null) {
            DecisionReason reason = lifecycle.action() == Action.SUBJECT_ERASED
                    ? DecisionReason.SUBJECT_ERASED
                    : DecisionReason.SUBJECT_DECEASED;
            return decision(reason, spec, v.version(), idOf(lifecycle));
        }
        Rec r = latest(s, p, at);
        boolean consent = spec.basis() == LegalBasis.CONSENT;
        if (r == null) {
            return decision(consent ? DecisionReason.NO_CONSENT : DecisionReason.NO_OBJECTION, spec, v.version(), null);
        }
        DecisionReason reason = switch (r.action()) {
            case GRANTED ->
                r.version() < v.minValid()
                        ? DecisionReason.RECONSENT_REQUIRED
                        : r.expiresAt() != null && !at.isBefore(r.expiresAt())
                                ? DecisionReason.CONSENT_EXPIRED
                                : DecisionReason.CONSENT_GRANTED;
            case DENIED -> DecisionReason.CONSENT_DENIED;
            case WITHDRAWN -> DecisionReason.CONSENT_WITHDRAWN;
            case OBJECTED -> DecisionReason.OBJECTED;
            case OBJECTION_WITHDRAWN -> DecisionReason.NO_OBJECTION;
            default -> throw new IllegalStateException("the model writes no " + r.action());
        };
        return decision(reason, spec, r.version(), idOf(r));
    }

    /** The instants worth asking about afterwards: each step's, each expiry and the millisecond before it. */
    public List<Instant> instants() {
        TreeSet<Instant> out = new TreeSet<>();
        out.add(start.minusMillis(1));
        for (List<Version> all : versions) {
            all.forEach(v -> out.add(v.definedAt()));
        }
        for (Rec r : records) {
            out.add(r.at());
            if (r.expiresAt() != null) {
                out.add(r.expiresAt().minusMillis(1));
                out.add(r.expiresAt());
            }
        }
        out.add(now);
        return new ArrayList<>(out);
    }

    private static Decision decision(DecisionReason reason, Spec spec, int version, @Nullable UUID recordId) {
        boolean allowed = reason == DecisionReason.CONSENT_GRANTED
                || reason == DecisionReason.NO_OBJECTION
                || reason == DecisionReason.LEGAL_BASIS_NOT_CONSENT;
        return new Decision(allowed, reason, spec.id(), spec.basis(), version, recordId);
    }

    private @Nullable Rec latest(int subject, int purpose, Instant at) {
        Rec found = null;
        for (Rec r : records) {
            if (r.subject() == subject && r.purpose() == purpose && !r.at().isAfter(at)) {
                found = r;
            }
        }
        return found;
    }

    private UUID idOf(Rec r) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) == r) {
                return ids.get(i);
            }
        }
        throw new IllegalStateException("not a record of the model: " + r);
    }

    private static @Nullable Instant expiry(Spec spec, Instant grantedAt) {
        if (spec.maxAge() instanceof Period period) {
            return grantedAt.atOffset(ZoneOffset.UTC).plus(period).toInstant();
        }
        return spec.maxAge() instanceof Duration d ? grantedAt.plus(d) : null;
    }

    private static int indexOf(String id) {
        for (int p = 0; p < PURPOSES.size(); p++) {
            if (PURPOSES.get(p).id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException(id);
    }

    private static Prediction one(Rec r) {
        return new Prediction(false, List.of(r));
    }
}
