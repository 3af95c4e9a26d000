package dev.consent.testkit.model;

import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.Enforcer;
import dev.consent.InvalidInputException;
import dev.consent.ProcessingDeniedException;
import dev.consent.Purpose;
import dev.consent.VerificationReport;
import dev.consent.WriteResult;
import dev.consent.audit.DriftAudit;
import dev.consent.audit.ProcessingEvent;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.MutableClock;
import dev.consent.testkit.model.Model.Prediction;
import dev.consent.testkit.model.Model.Rec;
import dev.consent.testkit.model.Model.Spec;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One history played on a fresh {@code ConsentSystem} over a store, step by step, against the {@link Model}.
 * After each step every subject and purpose is checked through every form of answer: the cached check, the
 * fully consistent (live) check, the check at least as fresh as the last write, {@code require}, and the bulk
 * {@code checkAll} and {@code filterAllowed}; at the end, the decisions at every instant worth asking about
 * through {@code checkAt} and through the drift audit ({@code DriftAudit}, which decides past instants by code of
 * its own), and {@code verify()} of the whole ledger. The first
 * difference ends the run and is its result.
 */
final class Run {
    private static final CollectionContext CONTEXT = Fixtures.WEB;

    private final Instant start;
    private final List<Step> steps;
    private final Counts counts;
    private final Model model;
    private final MutableClock clock;
    private @Nullable String where;
    private long lastPosition;

    /** How many answers the runs compared, for the test's report. */
    static final class Counts {
        long steps;
        long answers;
    }

    private Run(Instant start, List<Step> steps, Counts counts) {
        this.start = start;
        this.steps = steps;
        this.counts = counts;
        this.model = new Model(start);
        this.clock = new MutableClock(start);
    }

    /** Plays {@code steps} from {@code start} over {@code store}; the first difference, or null when none. */
    static @Nullable String play(ConsentStore store, Instant start, List<Step> steps, Counts counts) {
        return new Run(start, steps, counts).play(store);
    }

    private @Nullable String play(ConsentStore store) {
        try (ConsentSystem consent = ConsentSystem.builder()
                .store(store)
                .clock(clock)
                .feedPollInterval(Duration.ZERO)
                .build()) {
            where = "defining the purposes";
            for (Spec spec : Model.PURPOSES) {
                consent.purposes().define(purpose(spec, new Model.Version(1, start, 1, false)));
            }
            String failure = checkNow(consent);
            for (int i = 0; i < steps.size() && failure == null; i++) {
                where = "step " + (i + 1) + " (" + steps.get(i) + ") at " + clock.instant();
                failure = apply(consent, steps.get(i));
                counts.steps++;
                if (failure == null) {
                    failure = checkNow(consent);
                }
            }
            if (failure == null) {
                where = "after the last step";
                failure = checkPast(consent);
            }
            return failure == null ? null : where + ": " + failure;
        } catch (RuntimeException e) {
            return where + ": threw " + e;
        }
    }

    private @Nullable String apply(ConsentSystem consent, Step step) {
        switch (step.kind()) {
            case ADVANCE, TO_EXPIRY -> {
                Instant to = model.move(step);
                clock.advance(Duration.between(clock.instant(), to));
                return null;
            }
            case EDITORIAL, MATERIAL, RETIRE -> {
                consent.purposes().define(purpose(Model.PURPOSES.get(step.purpose()), model.next(step)));
                model.commit(step, Prediction.NOTHING, List.of());
                return null;
            }
            default -> {
                return write(consent, step);
            }
        }
    }

    private @Nullable String write(ConsentSystem consent, Step step) {
        Prediction expected = model.predict(step);
        WriteResult result;
        try {
            result = call(consent, step);
        } catch (InvalidInputException e) {
            if (expected.rejected()) {
                return null;
            }
            return "the ledger rejected it (" + e.getMessage() + "); the model expects " + expected.records();
        }
        if (expected.rejected()) {
            return "the ledger accepted it (" + result.records() + "); the model expects a rejection";
        }
        lastPosition = Math.max(lastPosition, result.position());
        List<UUID> ids = new ArrayList<>();
        if (!expected.records().isEmpty()) {
            List<ConsentRecord> written = result.records();
            if (result.replayed() || written.size() != expected.records().size()) {
                return "the ledger wrote " + written + " (replayed: " + result.replayed() + "); the model expects "
                        + expected.records();
            }
            for (int i = 0; i < written.size(); i++) {
                ConsentRecord r = written.get(i);
                Rec e = expected.records().get(i);
                String purposeId =
                        e.purpose() < 0 ? null : Model.PURPOSES.get(e.purpose()).id();
                if (r.action() != e.action()
                        || !java.util.Objects.equals(r.purposeId(), purposeId)
                        || (purposeId != null && r.purposeVersion() != e.version())
                        || !r.recordedAt().equals(e.at())
                        || !java.util.Objects.equals(r.expiresAt(), e.expiresAt())) {
                    return "the ledger wrote " + r + "; the model expects " + e;
                }
                ids.add(r.id());
            }
        }
        model.commit(step, expected, ids);
        return null;
    }

    private static WriteResult call(ConsentSystem consent, Step step) {
        String subject = Model.SUBJECTS.get(step.subject());
        String purpose = Model.PURPOSES.get(step.purpose()).id();
        return switch (step.kind()) {
            case GRANT -> consent.ledger().grant(subject, purpose, CONTEXT);
            case DENY -> consent.ledger().deny(subject, purpose, CONTEXT);
            case WITHDRAW -> consent.ledger().withdraw(subject, purpose, CONTEXT);
            case OBJECT -> consent.ledger().object(subject, purpose, CONTEXT);
            case WITHDRAW_OBJECTION -> consent.ledger().withdrawObjection(subject, purpose, CONTEXT);
            case LINK -> consent.ledger().link(subject, Model.accountOf(step.subject()), CONTEXT);
            case ERASE -> consent.ledger().erase(subject, Fixtures.DPO);
            case DIE -> consent.ledger().markDeceased(subject, Fixtures.DPO);
            default -> throw new IllegalArgumentException("not a write: " + step);
        };
    }

    /** Every answer now: cached, live, at least as fresh as the last write, require, and the bulk forms. */
    private @Nullable String checkNow(ConsentSystem consent) {
        Enforcer enforcer = consent.enforcer();
        Instant now = clock.instant();
        for (int p = 0; p < Model.PURPOSES.size(); p++) {
            String purpose = Model.PURPOSES.get(p).id();
            List<String> allowed = new ArrayList<>();
            for (int s = 0; s < Model.SUBJECTS.size(); s++) {
                String subject = Model.SUBJECTS.get(s);
                Decision expected = model.decide(s, p, now);
                if (expected.allowed()) {
                    allowed.add(subject);
                }
                String failure = compare("cached check", subject, expected, enforcer.check(subject, purpose));
                failure = failure != null
                        ? failure
                        : compare(
                                "live check", subject, expected, enforcer.check(subject, purpose, Consistency.full()));
                failure = failure != null
                        ? failure
                        : compare(
                                "check at least as fresh as the last write",
                                subject,
                                expected,
                                enforcer.check(subject, purpose, Consistency.atLeast(lastPosition)));
                failure = failure != null ? failure : require(enforcer, subject, purpose, expected);
                if (failure != null) {
                    return failure;
                }
            }
            Map<String, Decision> bulk = enforcer.checkAll(Model.SUBJECTS, purpose);
            for (int s = 0; s < Model.SUBJECTS.size(); s++) {
                String subject = Model.SUBJECTS.get(s);
                String failure = compare("checkAll", subject, model.decide(s, p, now), bulk.get(subject));
                if (failure != null) {
                    return failure;
                }
            }
            List<String> filtered = enforcer.filterAllowed(Model.SUBJECTS, purpose);
            counts.answers += 1;
            if (!filtered.equals(allowed)) {
                return "filterAllowed for " + purpose + " gave " + filtered + "; the model allows " + allowed;
            }
        }
        return null;
    }

    private @Nullable String require(Enforcer enforcer, String subject, String purpose, Decision expected) {
        try {
            enforcer.require(subject, purpose);
            counts.answers++;
            return expected.allowed() ? null : "require allowed " + subject + " " + purpose + "; expected " + expected;
        } catch (ProcessingDeniedException e) {
            return compare("require", subject, expected, e.decision());
        }
    }

    /**
     * The decisions at every instant worth asking about, by the drift audit (the public form of the past-decision
     * rules: an event it does not report was allowed, a reported one carries its decision) and by checkAt, then
     * verify().
     */
    private @Nullable String checkPast(ConsentSystem consent) {
        List<Instant> instants = model.instants();
        List<ProcessingEvent> events = new ArrayList<>();
        List<Decision> expectations = new ArrayList<>();
        for (int s = 0; s < Model.SUBJECTS.size(); s++) {
            String subject = Model.SUBJECTS.get(s);
            for (Instant at : instants) {
                for (int p = 0; p < Model.PURPOSES.size(); p++) {
                    events.add(
                            new ProcessingEvent(subject, Model.PURPOSES.get(p).id(), at, "model"));
                    expectations.add(model.decide(s, p, at));
                }
            }
        }
        Map<Long, Decision> denied = new java.util.HashMap<>();
        DriftAudit.of(consent).run(events.iterator(), v -> denied.put(v.eventNumber(), v.decision()));
        for (int e = 0; e < events.size(); e++) {
            ProcessingEvent event = events.get(e);
            Decision expected = expectations.get(e);
            Decision actual = denied.get(e + 1L);
            String form = "drift audit at " + event.at();
            String failure;
            if (actual == null) {
                counts.answers++;
                failure = expected.allowed()
                        ? null
                        : form + " of " + event.subject() + " for " + event.purposeId()
                                + " found no violation; the model expects " + expected;
            } else {
                failure = compare(form, event.subject(), expected, actual);
            }
            if (failure != null) {
                return failure;
            }
        }
        for (int s = 0; s < Model.SUBJECTS.size(); s++) {
            String subject = Model.SUBJECTS.get(s);
            // checkAt reads the store each time: every subject at a quarter of the instants, in turn
            for (int i = s; i < instants.size(); i += Model.SUBJECTS.size()) {
                Instant at = instants.get(i);
                for (int p = 0; p < Model.PURPOSES.size(); p++) {
                    String failure = compare(
                            "checkAt " + at,
                            subject,
                            model.decide(s, p, at),
                            consent.enforcer()
                                    .checkAt(subject, Model.PURPOSES.get(p).id(), at));
                    if (failure != null) {
                        return failure;
                    }
                }
            }
        }
        VerificationReport report = consent.ledger().verify();
        return report.ok() ? null : "verify() found " + report.problems();
    }

    private @Nullable String compare(String form, String subject, Decision expected, @Nullable Decision actual) {
        counts.answers++;
        return expected.equals(actual)
                ? null
                : form + " of " + subject + " for " + expected.purposeId() + " gave " + actual + "; the model expects "
                        + expected;
    }

    /** The definition of version {@code v} of {@code spec}, built from the model alone. */
    private static Purpose purpose(Spec spec, Model.Version v) {
        Purpose.Builder b = Purpose.builder(spec.id())
                .version(v.version())
                .title("Title of " + spec.id())
                .description("What " + spec.id() + " is for, in version " + v.version() + ".")
                .legalBasis(spec.basis())
                .minValidVersion(v.minValid())
                .retired(v.retired());
        if (spec.maxAge() instanceof Period period) {
            b.maxAge(period);
        } else if (spec.maxAge() instanceof Duration d) {
            b.maxAge(d);
        }
        return b.build();
    }
}
