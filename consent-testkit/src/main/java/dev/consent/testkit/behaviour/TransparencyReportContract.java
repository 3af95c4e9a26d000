package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.START;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import dev.consent.TransparencyReport;
import dev.consent.TransparencyReport.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transparency report: one scenario with every edge (period boundaries, expiry inside and at the edges
 * of the period, renewal, re-consent after a material change, erasure and death before, inside and after
 * the period, a subject with many records in the period), whose report every store must give exactly, and
 * which must agree with {@code stateAt} at the period's last millisecond for every subject and with the
 * SPI's default counting over the feed.
 */
public abstract class TransparencyReportContract extends BehaviourContract {
    /** Consent that lapses after five days, so expiry falls inside the period. */
    static final String NEWS = "news.weekly";

    static final String SMS = Fixtures.SMS;
    static final Instant FROM = START.plus(Duration.ofDays(10));
    static final Instant TO = START.plus(Duration.ofDays(14));
    static final List<String> SUBJECTS =
            List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "s", "t");
    private static final CollectionContext DPO = CollectionContext.of(Channel.API, "dsar_portal");

    private ConsentSystem cs;

    @BeforeEach
    void recordTheScenario() {
        cs = system();
        cs.purposes()
                .define(Purpose.builder(NEWS)
                        .title("Weekly news")
                        .description("A weekly e-mail.")
                        .legalBasis(LegalBasis.CONSENT)
                        .maxAge(Duration.ofDays(5))
                        .build());
        cs.purposes().define(Fixtures.sms());
        cs.purposes().define(Fixtures.analytics());
        cs.purposes().define(Fixtures.billing());

        at(0);
        grant("a", NEWS);
        grant("b", SMS);
        grant("c", SMS);
        cs.ledger().deny("d", NEWS, WEB);
        grant("n", SMS);
        grant("s", NEWS);
        at(Duration.ofDays(1));
        cs.ledger().erase("s", DPO); // erased before the period
        at(Duration.ofDays(5));
        grant("q", NEWS); // expires exactly at FROM
        at(Duration.ofDays(7));
        grant("e", NEWS); // expires inside the period
        grant("f", NEWS); // ... but renewed inside it
        grant("g", NEWS); // ... but withdrawn inside it
        at(Duration.ofDays(9));
        grant("p", NEWS); // expires exactly at TO: still active at the end
        at(Duration.ofDays(10)); // FROM: inclusive
        grant("h", NEWS);
        cs.ledger().object("i", ANALYTICS, WEB);
        at(Duration.ofDays(11));
        grant("f", NEWS);
        cs.ledger().withdraw("g", NEWS, WEB);
        grant("j", SMS);
        grant("t", NEWS);
        cs.ledger().object("l", ANALYTICS, WEB);
        at(Duration.ofDays(11).plusHours(1));
        cs.ledger().withdrawObjection("l", ANALYTICS, WEB);
        for (int i = 0; i < 5; i++) { // many records of one subject in the period
            clock.advance(Duration.ofMinutes(1));
            if (i % 2 == 0) {
                grant("k", NEWS);
            } else {
                cs.ledger().withdraw("k", NEWS, WEB);
            }
        }
        at(Duration.ofDays(12));
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(2)
                        .description("Offers and reminders by text.")
                        .materialChange()
                        .build()); // b and j must consent again
        clock.advance(Duration.ofMinutes(1));
        grant("c", SMS); // c did, for version 2
        clock.advance(Duration.ofMinutes(1));
        grant("m", NEWS);
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().erase("m", DPO); // erased inside the period
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().markDeceased("n", DPO); // died inside the period
        at(Duration.ofDays(14)); // TO: exclusive
        grant("o", NEWS);
        at(Duration.ofDays(15));
        cs.ledger().withdraw("h", NEWS, WEB); // after the period
        cs.ledger().erase("t", DPO); // erased after the period
    }

    private void at(long days) {
        at(Duration.ofDays(days));
    }

    private void at(Duration sinceStart) {
        clock.advance(Duration.between(clock.instant(), START.plus(sinceStart)));
    }

    private void grant(String subject, String purpose) {
        cs.ledger().grant(subject, purpose, WEB);
    }

    @Test
    void report_countsEveryFigure_asTheScenarioDefines() {
        TransparencyReport report = cs.reports().transparency(FROM, TO);

        assertThat(report.from()).isEqualTo(FROM);
        assertThat(report.to()).isEqualTo(TO);
        assertThat(report.asOfPosition()).isEqualTo(cs.ledger().headPosition());
        assertThat(report.erasures()).isEqualTo(1);
        assertThat(report.deaths()).isEqualTo(1);
        assertThat(report.rows()).extracting(Row::purposeId).containsExactly(ANALYTICS, BILLING, SMS, NEWS);
        //                                             v  basis  min  gr den wd obj ow act exp rec asked
        assertThat(report.find(NEWS)).contains(new Row(NEWS, 1, LegalBasis.CONSENT, 1, 7, 0, 3, 0, 0, 5, 2, 0, 10, 0));
        assertThat(report.find(SMS)).contains(new Row(SMS, 2, LegalBasis.CONSENT, 2, 2, 0, 0, 0, 0, 1, 0, 2, 3, 0));
        assertThat(report.find(ANALYTICS))
                .contains(new Row(ANALYTICS, 1, LegalBasis.LEGITIMATE_INTEREST, 1, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0));
        assertThat(report.find(BILLING))
                .contains(new Row(BILLING, 1, LegalBasis.CONTRACT, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(report.find(NEWS).orElseThrow().consentRate()).hasValue(0.5);
        assertThat(report.find(SMS).orElseThrow().consentRate()).hasValue(1.0 / 3);
        assertThat(report.find(ANALYTICS).orElseThrow().consentRate()).isEmpty();
    }

    @Test
    void stateAtThePeriodsLastMillisecond_agreesWithTheReport_forEverySubject() {
        TransparencyReport report = cs.reports().transparency(FROM, TO);
        Instant end = TO.minusMillis(1);

        for (String purpose : List.of(NEWS, SMS)) {
            Map<ConsentStatus, Integer> statuses = new EnumMap<>(ConsentStatus.class);
            for (String subject : SUBJECTS) {
                var state = cs.ledger().stateAt(subject, end);
                if (state.lifecycle() == null) {
                    PurposeState p = state.find(purpose).orElseThrow();
                    statuses.merge(p.status(), 1, Integer::sum);
                }
            }
            Row row = report.find(purpose).orElseThrow();
            assertThat(statuses.getOrDefault(ConsentStatus.GRANTED, 0))
                    .as(purpose + " active")
                    .isEqualTo((int) row.activeAtEnd());
            assertThat(statuses.getOrDefault(ConsentStatus.RECONSENT_REQUIRED, 0))
                    .as(purpose + " re-consent")
                    .isEqualTo((int) row.reconsentPending());
            int asked = statuses.getOrDefault(ConsentStatus.GRANTED, 0)
                    + statuses.getOrDefault(ConsentStatus.EXPIRED, 0)
                    + statuses.getOrDefault(ConsentStatus.RECONSENT_REQUIRED, 0)
                    + statuses.getOrDefault(ConsentStatus.DENIED, 0)
                    + statuses.getOrDefault(ConsentStatus.WITHDRAWN, 0);
            assertThat(asked).as(purpose + " asked").isEqualTo((int) row.askedAtEnd());
        }
    }

    @Test
    void theStoresOwnCounting_equalsTheDefaultWalkOverTheFeed_forManyPeriods() {
        ConsentSystem reference = systemOver(new DefaultsOnlyStore(store), b -> {});
        List<Instant[]> periods = List.of(
                new Instant[] {FROM, TO},
                new Instant[] {START, TO},
                new Instant[] {START, START.plusMillis(1)},
                new Instant[] {FROM, FROM.plusMillis(1)},
                new Instant[] {FROM.minusMillis(1), FROM},
                new Instant[] {TO, TO.plus(Duration.ofDays(30))},
                new Instant[] {START.minus(Duration.ofDays(1)), START},
                new Instant[] {START, clock.instant()});
        for (Instant[] p : periods) {
            assertThat(cs.reports().transparency(p[0], p[1]))
                    .as("[" + p[0] + ", " + p[1] + ")")
                    .isEqualTo(reference.reports().transparency(p[0], p[1]));
        }
    }

    @Test
    void periodBoundaries_fromIsInclusive_toIsExclusive() {
        TransparencyReport justBefore = cs.reports().transparency(START.plus(Duration.ofDays(9)), FROM);
        TransparencyReport firstMillisecond = cs.reports().transparency(FROM, FROM.plusMillis(1));
        TransparencyReport afterTo = cs.reports().transparency(TO, TO.plus(Duration.ofDays(2)));

        assertThat(justBefore.find(NEWS).orElseThrow().grants())
                .as("p at its start, not h at its end")
                .isEqualTo(1);
        assertThat(justBefore.find(ANALYTICS).orElseThrow().objections()).isZero();
        assertThat(firstMillisecond.find(NEWS).orElseThrow().grants())
                .as("h at FROM")
                .isEqualTo(1);
        assertThat(firstMillisecond.find(ANALYTICS).orElseThrow().objections())
                .as("i at FROM")
                .isEqualTo(1);
        assertThat(firstMillisecond.find(NEWS).orElseThrow().expired())
                .as("q expired at FROM")
                .isEqualTo(1);
        assertThat(afterTo.find(NEWS).orElseThrow().grants()).as("o at TO").isEqualTo(1);
        assertThat(afterTo.find(NEWS).orElseThrow().withdrawals())
                .as("h after TO")
                .isEqualTo(1);
        assertThat(afterTo.erasures()).as("t after TO").isEqualTo(1);
        assertThat(afterTo.find(NEWS).orElseThrow().expired())
                .as("p at TO, f, k and h's renewals")
                .isGreaterThan(0);
    }

    @Test
    void report_roundTripsThroughJson_andPrintsAsATable() {
        TransparencyReport report = cs.reports().transparency(FROM, TO);

        String json = report.toJson();

        assertThat(TransparencyReport.fromJson(json)).isEqualTo(report);
        assertThat(json).contains("\"consentRate\":0.5").contains("\"reportVersion\":1");
        String table = report.toTable();
        assertThat(table).contains(NEWS).contains("50.0%").contains("subjects erased in the period: 1");
        assertThat(table.lines()
                        .filter(l -> l.startsWith(NEWS))
                        .findFirst()
                        .orElseThrow()
                        .split("\\s+"))
                .containsExactly(NEWS, "1", "CONSENT", "7", "0", "3", "0", "0", "5", "2", "0", "10", "50.0%", "0");
        for (String subject : List.of("\"a\"", "\"k\"")) {
            assertThat(json).as("names no subject").doesNotContain(subject);
        }
    }

    @Test
    void badPeriods_areRejected_namingTheField() {
        assertThatThrownBy(() -> cs.reports().transparency(TO, FROM))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("to");
        assertThatThrownBy(() -> cs.reports().transparency(FROM, FROM))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("to");
        assertThatThrownBy(() -> cs.reports().transparency(FROM.plusNanos(1), TO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("from");
        assertThatThrownBy(() -> TransparencyReport.fromJson("{\"reportVersion\":9}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reportVersion");
        assertThatThrownBy(() -> TransparencyReport.fromJson("[]")).isInstanceOf(InvalidInputException.class);
    }

    /**
     * Regression: an instant beyond the range of epoch milliseconds (Instant.MIN as "since ever", a far
     * future as "until forever") overflowed in the store and came out as StoreUnavailableException.
     */
    @Test
    void periodsBeyondTheRangeOfEpochMilliseconds_areRejected_namingTheField() {
        Instant farFuture = Instant.MAX.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        assertThatThrownBy(() -> cs.reports().transparency(Instant.MIN, TO))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("from");
        assertThatThrownBy(() -> cs.reports().transparency(FROM, farFuture))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("to");
    }

    /**
     * Regression: a report reloaded the purposes as a new registry generation even when they had not changed,
     * which made every cached snapshot stale, so the next bulk check read every subject from the store again.
     */
    @Test
    void aReport_leavesTheCacheOfChecksAsItWas() {
        List<String> subjects = List.of("a", "c", "h");
        cs.enforcer().checkAll(subjects, NEWS);
        for (String subject : subjects) {
            cs.enforcer().check(subject, NEWS);
        }
        long misses = cs.enforcer().stats().cacheMisses();

        cs.reports().transparency(FROM, TO);
        cs.enforcer().checkAll(subjects, NEWS);

        assertThat(cs.enforcer().stats().cacheMisses())
                .as("store reads of the bulk check after the report")
                .isEqualTo(misses);
    }

    @Test
    void anEmptyLedger_reportsEveryDefinedPurposeWithZeros() {
        ConsentSystem empty = systemOver(anotherStore(), b -> {});
        Fixtures.defineStandard(empty.purposes());

        TransparencyReport report =
                empty.reports().transparency(clock.instant(), clock.instant().plusSeconds(60));

        assertThat(report.rows()).hasSize(4).allSatisfy(r -> {
            assertThat(r.grants() + r.askedAtEnd() + r.objections()).isZero();
            assertThat(r.consentRate()).isEmpty();
        });
        assertThat(report.asOfPosition()).isZero();
    }
}
