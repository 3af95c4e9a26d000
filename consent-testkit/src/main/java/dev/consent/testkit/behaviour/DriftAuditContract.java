package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.UNDEFINED;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.audit.DriftAudit;
import dev.consent.audit.DriftReport;
import dev.consent.audit.DriftTotals;
import dev.consent.audit.DriftViolation;
import dev.consent.audit.ProcessingEvent;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The drift audit of processing logs ({@link DriftAudit}): each event without a valid basis at its instant is a
 * violation carrying the decision {@code checkAt} gives then; totals per purpose and per system; CSV logs with
 * quoted fields and malformed ones rejected by line and column; and one history read per subject, counted.
 */
public abstract class DriftAuditContract extends BehaviourContract {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final List<DriftViolation> violations = new ArrayList<>();

    private static ProcessingEvent event(String subject, String purpose, Instant at) {
        return new ProcessingEvent(subject, purpose, at, "mailer");
    }

    private DriftReport audit(ConsentSystem cs, List<ProcessingEvent> events) {
        violations.clear();
        return DriftAudit.of(cs).run(events.iterator(), violations::add);
    }

    @Test
    void grantThenWithdrawal_onlyTheEventsAfterTheWithdrawal_areViolations_namingIt() {
        ConsentSystem cs = systemWithPurposes();
        Instant before = clock.instant();
        clock.advance(SECOND);
        cs.ledger().grant("alice", EMAIL, WEB);
        Instant granted = clock.instant();
        clock.advance(SECOND);
        UUID withdrawal =
                cs.ledger().withdraw("alice", EMAIL, WEB).records().get(0).id();
        Instant withdrawn = clock.instant();
        Instant after = clock.advance(Duration.ofDays(3));

        DriftReport r = audit(
                cs,
                List.of(
                        event("alice", EMAIL, granted),
                        event("alice", EMAIL, withdrawn.minusMillis(1)),
                        event("alice", EMAIL, withdrawn),
                        event("alice", EMAIL, after),
                        event("alice", EMAIL, before)));

        assertThat(violations).extracting(DriftViolation::eventNumber).containsExactly(3L, 4L, 5L);
        assertThat(violations.subList(0, 2)).allSatisfy(v -> {
            assertThat(v.reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
            assertThat(v.recordId()).isEqualTo(withdrawal);
            assertThat(cs.ledger().findRecord(v.recordId()))
                    .hasValueSatisfying(rec -> assertThat(rec.action()).isEqualTo(dev.consent.Action.WITHDRAWN));
        });
        assertThat(violations.get(2).reason()).as("before any record").isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(violations.get(2).recordId()).isNull();
        assertThat(r.eventsRead()).isEqualTo(5);
        assertThat(r.violations()).isEqualTo(3);
        assertThat(r.historyReads()).isEqualTo(1);
    }

    @Test
    void everyViolation_carriesTheDecisionOfCheckAt_andEveryOtherEventIsAllowedByIt() {
        ConsentSystem cs = systemWithPurposes();
        List<Instant> instants = new ArrayList<>(List.of(clock.instant().minusSeconds(60)));
        cs.ledger().grant("alice", EMAIL, WEB);
        cs.ledger().grant("bob", SMS, WEB);
        cs.ledger().object("carol", ANALYTICS, WEB);
        instants.add(clock.advance(SECOND));
        cs.ledger().withdraw("alice", EMAIL, WEB);
        cs.ledger().withdrawObjection("carol", ANALYTICS, WEB);
        cs.ledger().grant("dave", EMAIL, WEB);
        instants.add(clock.advance(SECOND));
        cs.ledger().erase("dave", WEB);
        cs.ledger().markDeceased("bob", WEB);
        instants.add(clock.advance(SECOND));
        instants.add(clock.advance(Fixtures.EMAIL_MAX_AGE));
        List<ProcessingEvent> events = new ArrayList<>();
        for (String subject : List.of("alice", "bob", "carol", "dave", "erin")) {
            for (String purpose : List.of(EMAIL, SMS, ANALYTICS, BILLING, UNDEFINED)) {
                for (Instant at : instants) {
                    events.add(event(subject, purpose, at));
                }
            }
        }

        DriftReport r = audit(cs, events);

        long denied = 0;
        int next = 0;
        for (int i = 0; i < events.size(); i++) {
            ProcessingEvent e = events.get(i);
            Decision then = cs.enforcer().checkAt(e.subject(), e.purposeId(), e.at());
            if (!then.allowed()) {
                denied++;
                DriftViolation v = violations.get(next++);
                assertThat(v.eventNumber()).isEqualTo(i + 1);
                assertThat(v.decision()).as("%s", e).isEqualTo(then);
            }
        }
        assertThat(next).isEqualTo(violations.size());
        assertThat(r.violations()).isEqualTo(denied).isGreaterThan(50);
        assertThat(r.eventsRead()).isEqualTo(events.size()).isEqualTo(125);
    }

    @Test
    void legitimateInterest_isAViolationOnlyWhileObjected() {
        ConsentSystem cs = systemWithPurposes();
        Instant unobjected = clock.instant();
        clock.advance(SECOND);
        UUID objection =
                cs.ledger().object("alice", ANALYTICS, WEB).records().get(0).id();
        Instant objected = clock.advance(SECOND);
        clock.advance(SECOND);
        cs.ledger().withdrawObjection("alice", ANALYTICS, WEB);
        Instant withdrawn = clock.instant();

        audit(
                cs,
                List.of(
                        event("alice", ANALYTICS, unobjected),
                        event("alice", ANALYTICS, objected),
                        event("alice", ANALYTICS, withdrawn),
                        event("nobody", ANALYTICS, withdrawn)));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.eventNumber()).isEqualTo(2);
            assertThat(v.reason()).isEqualTo(DecisionReason.OBJECTED);
            assertThat(v.recordId()).isEqualTo(objection);
        });
    }

    @Test
    void contractBasis_isNeverAViolation_evenForErasedOrUnknownSubjects() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("alice", EMAIL, WEB);
        Instant granted = clock.instant();
        clock.advance(SECOND);
        cs.ledger().erase("alice", WEB);
        Instant now = clock.advance(SECOND);

        DriftReport r = audit(
                cs,
                List.of(
                        event("alice", BILLING, granted),
                        event("alice", BILLING, now),
                        event("stranger", BILLING, now)));

        assertThat(violations).isEmpty();
        assertThat(r.clean()).isTrue();
        assertThat(r.byPurpose()).containsExactly(Map.entry(BILLING, new DriftTotals(3, 0)));
    }

    @Test
    void anUnknownPurpose_isAViolation_withTheReasonUnknownPurpose() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("alice", EMAIL, WEB);

        DriftReport r =
                audit(cs, List.of(event("alice", UNDEFINED, clock.instant()), event("alice", EMAIL, clock.instant())));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.reason()).isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
            assertThat(v.recordId()).isNull();
        });
        assertThat(r.byPurpose().get(UNDEFINED)).isEqualTo(new DriftTotals(1, 1));
    }

    @Test
    void anErasedSubject_isAViolationFromItsErasure_namingTheErasureRecord() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("alice", EMAIL, WEB);
        Instant granted = clock.instant();
        clock.advance(SECOND);
        UUID erasure = cs.ledger().erase("alice", WEB).records().get(0).id();
        Instant erased = clock.advance(SECOND);

        audit(cs, List.of(event("alice", EMAIL, granted), event("alice", EMAIL, erased)));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.eventNumber()).isEqualTo(2);
            assertThat(v.reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
            assertThat(v.recordId()).isEqualTo(erasure);
            assertThat(cs.ledger().findRecord(erasure)).isPresent();
        });
    }

    @Test
    void anExpiredGrant_isAViolationFromItsExpiry_namingTheGrant() {
        ConsentSystem cs = systemWithPurposes();
        UUID grant = cs.ledger().grant("alice", EMAIL, WEB).records().get(0).id();
        Instant expiry = clock.instant().plus(Fixtures.EMAIL_MAX_AGE);

        audit(
                cs,
                List.of(
                        event("alice", EMAIL, expiry.minusMillis(1)),
                        event("alice", EMAIL, expiry),
                        event("alice", EMAIL, expiry.plusSeconds(86_400))));

        assertThat(violations).extracting(DriftViolation::eventNumber).containsExactly(2L, 3L);
        assertThat(violations).allSatisfy(v -> {
            assertThat(v.reason()).isEqualTo(DecisionReason.CONSENT_EXPIRED);
            assertThat(v.recordId()).isEqualTo(grant);
        });
    }

    @Test
    void totals_arePerPurposeAndPerSystem() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("alice", EMAIL, WEB);
        Instant now = clock.advance(SECOND);

        DriftReport r = audit(
                cs,
                List.of(
                        new ProcessingEvent("alice", EMAIL, now, "mailer"),
                        new ProcessingEvent("alice", SMS, now, "mailer"),
                        new ProcessingEvent("alice", SMS, now, "sms-gateway"),
                        new ProcessingEvent("bob", EMAIL, now, "mailer"),
                        new ProcessingEvent("bob", BILLING, now, "billing")));

        assertThat(r.byPurpose())
                .containsExactly(
                        Map.entry(BILLING, new DriftTotals(1, 0)),
                        Map.entry(EMAIL, new DriftTotals(2, 1)),
                        Map.entry(SMS, new DriftTotals(2, 2)));
        assertThat(r.bySystem())
                .containsExactly(
                        Map.entry("billing", new DriftTotals(1, 0)),
                        Map.entry("mailer", new DriftTotals(3, 2)),
                        Map.entry("sms-gateway", new DriftTotals(1, 1)));
        assertThat(r.eventsRead()).isEqualTo(5);
        assertThat(r.violations()).isEqualTo(3);
        assertThat(r.subjectRuns()).isEqualTo(2);
    }

    @Test
    void aCsvLog_withQuotedFields_isReadAsRfc4180() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("alice, \"the first\"", EMAIL, WEB);
        String at = clock.advance(SECOND).toString();
        String csv = "\uFEFFsystem,at,subject,purpose\r\n"
                + "\"mailer, EU\"," + at + ",\"alice, \"\"the first\"\"\"," + EMAIL + "\r\n"
                + "\r\n"
                + "\"multi\nline\"," + at + ",\"alice, \"\"the first\"\"\"," + SMS + "\n"
                + "plain," + at + ",bob,\"" + EMAIL + "\"";

        violations.clear();
        DriftReport r = DriftAudit.of(cs).runCsv(new StringReader(csv), violations::add);

        assertThat(r.eventsRead()).isEqualTo(3);
        assertThat(r.bySystem()).containsOnlyKeys("mailer, EU", "multi\nline", "plain");
        assertThat(violations).extracting(DriftViolation::eventNumber).containsExactly(2L, 3L);
        assertThat(violations.get(0).event())
                .isEqualTo(new ProcessingEvent("alice, \"the first\"", SMS, Instant.parse(at), "multi\nline"));
        assertThat(r.historyReads()).isEqualTo(2);
    }

    @Test
    void aMalformedCsvLog_isRejected_namingTheLineAndColumn() {
        ConsentSystem cs = systemWithPurposes();
        DriftAudit audit = DriftAudit.of(cs);
        String header = "subject,purpose,at,system\n";
        String good = "alice," + EMAIL + ",2024-03-05T14:14:00Z,mailer\n";

        assertThatThrownBy(() ->
                        audit.runCsv(new StringReader(header + good + "bob," + EMAIL + ",yesterday,mailer\n"), v -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csv line 3, column 3 (at)")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> audit.runCsv(new StringReader(header + good + "bob," + EMAIL + ",x\n"), v -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csv line 3")
                .hasMessageContaining("has 3 columns, the header 4");
        assertThatThrownBy(() -> audit.runCsv(new StringReader(header + good + good + "\"bob," + EMAIL), v -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csv line 4, column 1")
                .hasMessageContaining("not closed");
        assertThatThrownBy(() ->
                        audit.runCsv(new StringReader(header + "a\"b," + EMAIL + ",2024-03-05T14:14:00Z,m\n"), v -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csv line 2, column 1");
        assertThatThrownBy(() -> audit.runCsv(new StringReader("subject,purpose,when,system\n" + good), v -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csv line 1")
                .hasMessageContaining("subject,purpose,at,system");
        assertThatThrownBy(() ->
                        audit.runCsv(new StringReader(header + " ," + EMAIL + ",2024-03-05T14:14:00Z,m\n"), v -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csv line 2, column 1 (subject)")
                .hasMessageContaining("blank");
    }

    @Test
    void historyReads_areOnePerSubject_whenGroupedOrCached_andCounted() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> {});
        Fixtures.defineStandard(cs.purposes());
        List<String> subjects = List.of("s0", "s1", "s2", "s3", "s4");
        for (String s : subjects) {
            cs.ledger().grant(s, EMAIL, WEB);
        }
        Instant now = clock.advance(SECOND);
        List<ProcessingEvent> grouped = new ArrayList<>();
        List<ProcessingEvent> spread = new ArrayList<>();
        for (String s : subjects) {
            for (int i = 0; i < 20; i++) {
                grouped.add(event(s, i % 2 == 0 ? EMAIL : SMS, now));
            }
        }
        for (int i = 0; i < 20; i++) {
            for (String s : subjects) {
                spread.add(event(s, i % 2 == 0 ? EMAIL : SMS, now));
            }
        }

        counting.reset();
        DriftReport g = DriftAudit.of(cs).run(grouped.iterator(), v -> {});
        int groupedReads = counting.readSubjectCalls();
        counting.reset();
        DriftReport cached = DriftAudit.builder(cs).historyCacheSize(5).build().run(spread.stream(), v -> {});
        int cachedReads = counting.readSubjectCalls();
        counting.reset();
        DriftReport evicting =
                DriftAudit.builder(cs).historyCacheSize(1).build().run(spread.stream(), v -> {});
        int evictingReads = counting.readSubjectCalls();

        assertThat(groupedReads).isEqualTo(5);
        assertThat(g.historyReads()).isEqualTo(5);
        assertThat(g.subjectRuns()).isEqualTo(5);
        assertThat(g.violations()).isEqualTo(50);
        assertThat(cachedReads).isEqualTo(5);
        assertThat(cached.historyReads()).isEqualTo(5);
        assertThat(cached.subjectRuns()).isEqualTo(100);
        assertThat(evictingReads).isEqualTo(100);
        assertThat(evicting.historyReads()).isEqualTo(100);
        assertThat(List.of(g.violations(), cached.violations(), evicting.violations()))
                .containsOnly(50L);
    }

    @Test
    void aStoreFailure_endsTheRun_andPassesNoEvent() {
        FailingStore failing = new FailingStore(store);
        ConsentSystem cs = systemOver(failing, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("alice", EMAIL, WEB);
        Instant now = clock.advance(SECOND);
        failing.failEverything();
        List<DriftViolation> seen = new ArrayList<>();

        assertThatThrownBy(() -> DriftAudit.of(cs)
                        .run(List.of(event("alice", EMAIL, now)).iterator(), seen::add))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void badSettingsAndEvents_areRejected_namingTheField() {
        ConsentSystem cs = systemWithPurposes();
        assertThatThrownBy(() -> DriftAudit.builder(cs).historyCacheSize(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("historyCacheSize");
        assertThatThrownBy(() -> new ProcessingEvent("alice", EMAIL, clock.instant(), " "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("system");
        List<ProcessingEvent> withNull = new ArrayList<>();
        withNull.add(event("alice", EMAIL, clock.instant()));
        withNull.add(null);
        assertThatThrownBy(() -> DriftAudit.of(cs).run(withNull.iterator(), v -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("events[2]");
    }
}
