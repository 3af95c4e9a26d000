package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.AccessExport;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.Receipts;
import dev.consent.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A purpose's maximum age as a calendar period ("13 months"), added to the instant of the grant in UTC with the
 * end-of-month rule of {@code java.time}, wherever an expiry is computed or shown: the record, cached and live
 * checks, {@code checkAt}, {@code stateAt}, bulk checks, exports and receipts.
 */
public abstract class CalendarPeriodContract extends BehaviourContract {
    static final String NEWS = "news.monthly";
    static final Instant GRANTED = Instant.parse("2026-02-01T08:30:00Z");
    static final Instant EXPIRES = Instant.parse("2027-03-01T08:30:00Z");

    private ConsentSystem systemWithNews(Period maxAge) {
        ConsentSystem cs = system();
        cs.purposes()
                .define(Fixtures.simple(NEWS, LegalBasis.CONSENT).toBuilder()
                        .maxAge(maxAge)
                        .build());
        return cs;
    }

    private void moveTo(Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    @Test
    void thirteenMonths_fromTheFirstOfFebruary_endOnTheFirstOfMarchNextYear_notThreeDaysLater() {
        ConsentSystem cs = systemWithNews(Period.ofMonths(13));
        moveTo(GRANTED);

        WriteResult w = cs.ledger().grant("user-1", NEWS, WEB);

        assertThat(w.records().get(0).expiresAt()).isEqualTo(EXPIRES);
        assertThat(cs.purposes().get(NEWS).expiryOf(GRANTED)).contains(EXPIRES);
        assertThat(GRANTED.plus(Duration.ofDays(395))).isEqualTo("2027-03-03T08:30:00Z");
    }

    @Test
    void cachedAndLiveChecks_checkAt_stateAt_andBulkChecks_allTurnAtTheCalendarExpiry() {
        ConsentSystem cs = systemWithNews(Period.ofMonths(13));
        moveTo(GRANTED);
        cs.ledger().grant("user-1", NEWS, WEB);
        assertThat(cs.enforcer().check("user-1", NEWS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);

        moveTo(EXPIRES.minusMillis(1));
        assertThat(cs.enforcer().check("user-1", NEWS).reason())
                .as("cached, a millisecond before")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        moveTo(EXPIRES);
        assertThat(cs.enforcer().check("user-1", NEWS).reason())
                .as("cached, at the expiry")
                .isEqualTo(DecisionReason.CONSENT_EXPIRED);
        ConsentSystem fresh = system();
        assertThat(fresh.enforcer().check("user-1", NEWS).reason())
                .as("live, on a system that never cached it")
                .isEqualTo(DecisionReason.CONSENT_EXPIRED);
        assertThat(fresh.enforcer().checkAll(List.of("user-1"), NEWS))
                .extractingByKey("user-1")
                .extracting(d -> d.reason())
                .isEqualTo(DecisionReason.CONSENT_EXPIRED);
        assertThat(fresh.enforcer().filterAllowed(List.of("user-1"), NEWS)).isEmpty();

        for (ConsentSystem s : List.of(cs, fresh)) {
            assertThat(s.enforcer()
                            .checkAt("user-1", NEWS, EXPIRES.minusMillis(1))
                            .allowed())
                    .isTrue();
            assertThat(s.enforcer().checkAt("user-1", NEWS, EXPIRES).reason())
                    .isEqualTo(DecisionReason.CONSENT_EXPIRED);
            assertThat(s.ledger()
                            .stateAt("user-1", EXPIRES.minusMillis(1))
                            .find(NEWS)
                            .orElseThrow()
                            .status())
                    .isEqualTo(ConsentStatus.GRANTED);
            assertThat(s.ledger()
                            .stateAt("user-1", EXPIRES)
                            .find(NEWS)
                            .orElseThrow()
                            .status())
                    .isEqualTo(ConsentStatus.EXPIRED);
        }
    }

    @Test
    void oneMonth_fromTheLastDayOfJanuary_endsOnTheLastDayOfFebruary_inLeapYearsToo() {
        ConsentSystem cs = systemWithNews(Period.ofMonths(1));
        moveTo(Instant.parse("2027-01-31T23:00:00Z"));
        WriteResult common = cs.ledger().grant("user-1", NEWS, WEB);
        moveTo(Instant.parse("2028-01-31T10:00:00Z"));
        WriteResult leap = cs.ledger().grant("user-2", NEWS, WEB);
        moveTo(Instant.parse("2028-03-31T10:00:00Z"));
        WriteResult thirtyFirst = cs.ledger().grant("user-3", NEWS, WEB);

        assertThat(common.records().get(0).expiresAt()).isEqualTo("2027-02-28T23:00:00Z");
        assertThat(leap.records().get(0).expiresAt()).isEqualTo("2028-02-29T10:00:00Z");
        assertThat(thirtyFirst.records().get(0).expiresAt()).isEqualTo("2028-04-30T10:00:00Z");
        assertThat(cs.enforcer()
                        .checkAt("user-2", NEWS, Instant.parse("2028-02-29T09:59:59.999Z"))
                        .allowed())
                .isTrue();
        assertThat(cs.enforcer()
                        .checkAt("user-2", NEWS, Instant.parse("2028-02-29T10:00:00Z"))
                        .allowed())
                .isFalse();
    }

    @Test
    void exportAndReceipt_showTheCalendarExpiry_andThePeriod() throws Exception {
        ConsentSystem cs = systemWithNews(Period.ofMonths(13));
        moveTo(GRANTED);
        WriteResult w = cs.ledger().grant("user-1", NEWS, WEB);

        AccessExport export = cs.ledger().export("user-1");
        AccessExport.PurposeText text = export.purposeTexts().stream()
                .filter(t -> t.purposeId().equals(NEWS))
                .findFirst()
                .orElseThrow();
        assertThat(text.maxAgePeriod()).isEqualTo(Period.ofMonths(13));
        assertThat(text.maxAge()).isNull();
        JsonNode json = new ObjectMapper().readTree(export.toJson());
        JsonNode news = null;
        for (JsonNode t : json.get("purposeTexts")) {
            if (t.get("purposeId").asText().equals(NEWS)) {
                news = t;
            }
        }
        assertThat(news).isNotNull();
        assertThat(news.get("maxAgePeriod").asText()).isEqualTo("P13M");
        assertThat(AccessExport.fromJson(export.toJson()).purposeTexts()).contains(text);

        String termination = new ObjectMapper()
                .readTree(Receipts.of(cs, ReceiptsContract.settings().build())
                        .getReceipt("user-1", w.interactionId())
                        .json())
                .get("services")
                .get(0)
                .get("purposes")
                .get(0)
                .get("termination")
                .asText();
        assertThat(termination).contains("2027-03-01T08:30:00Z").contains("P13M");
    }

    @Test
    void aPeriodPurpose_keepsItsPeriodForEveryLaterSystem_andDurationsStillMeanExactDurations() {
        ConsentSystem cs = systemWithNews(Period.ofYears(2));
        cs.purposes()
                .define(Fixtures.simple("news.daily", LegalBasis.CONSENT).toBuilder()
                        .maxAge(Duration.ofDays(30))
                        .build());
        moveTo(GRANTED);
        cs.ledger().grant("user-1", NEWS, WEB);
        cs.ledger().grant("user-1", "news.daily", WEB);

        ConsentSystem later = system();
        Purpose read = later.purposes().get(NEWS);
        assertThat(read.maxAgePeriod()).contains(Period.ofYears(2));
        assertThat(read.maxAge()).isEmpty();
        assertThat(later.purposes().get("news.daily").maxAge()).contains(Duration.ofDays(30));
        Map<String, Instant> expiries = Map.of(
                NEWS, Instant.parse("2028-02-01T08:30:00Z"), "news.daily", Instant.parse("2026-03-03T08:30:00Z"));
        for (var e : expiries.entrySet()) {
            assertThat(later.ledger()
                            .currentState("user-1")
                            .find(e.getKey())
                            .orElseThrow()
                            .proof()
                            .expiresAt())
                    .as(e.getKey())
                    .isEqualTo(e.getValue());
        }
    }

    @Test
    void zeroOrNegativePeriods_areRejected_namingTheField_andNothingIsDefined() {
        ConsentSystem cs = system();
        for (Period bad : List.of(Period.ZERO, Period.ofMonths(-1), Period.of(0, 1, -1), Period.ofDays(-3))) {
            assertThatThrownBy(() -> cs.purposes()
                            .define(Fixtures.simple(NEWS, LegalBasis.CONSENT).toBuilder()
                                    .maxAge(bad)
                                    .build()))
                    .as(bad.toString())
                    .isInstanceOfSatisfying(
                            InvalidInputException.class,
                            e -> assertThat(e.field()).isEqualTo("maxAge"))
                    .hasMessageContaining(bad.toString());
        }
        assertThatThrownBy(() -> Fixtures.simple("billing.x", LegalBasis.CONTRACT).toBuilder()
                        .maxAge(Period.ofMonths(13))
                        .build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("maxAge"));
        assertThat(cs.purposes().find(NEWS)).isEmpty();
        assertThat(system().purposes().find(NEWS)).isEmpty();
    }
}
