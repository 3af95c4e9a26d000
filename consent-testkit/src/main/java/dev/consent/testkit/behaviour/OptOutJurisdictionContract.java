package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static dev.consent.testkit.behaviour.OptOutSignalContract.BROKER;
import static dev.consent.testkit.behaviour.OptOutSignalContract.GPC;
import static dev.consent.testkit.behaviour.OptOutSignalContract.SALE;
import static dev.consent.testkit.behaviour.OptOutSignalContract.SHARING;
import static dev.consent.testkit.behaviour.OptOutSignalContract.withSalePurposes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.OptOutSignal;
import dev.consent.ProcessingDeniedException;
import dev.consent.Purpose;
import dev.consent.SaleOrSharing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Purposes that follow an opt-out model in named jurisdictions: allowed there until the person opts out,
 * denied after; elsewhere, and without a jurisdiction, the legal basis decides; the same answer from live,
 * cached, fully consistent, bulk and past-instant checks; the purpose fields stored on every store.
 */
public abstract class OptOutJurisdictionContract extends BehaviourContract {

    /** Every way of asking for one decision now, which must agree. */
    private List<Decision> everyWay(ConsentSystem cs, String subject, String purpose, String jurisdiction) {
        Enforcer e = cs.enforcer();
        Decision live = e.checkIn(subject, purpose, jurisdiction);
        Decision cached = e.checkIn(subject, purpose, jurisdiction);
        Decision full = e.checkIn(subject, purpose, jurisdiction, Consistency.full());
        Map<String, Decision> bulk = e.checkAllIn(List.of(subject, "someone-else"), purpose, jurisdiction);
        cs.invalidate(subject);
        Map<String, Decision> bulkLoaded = e.checkAllIn(List.of(subject), purpose, jurisdiction);
        Decision past = e.checkAtIn(subject, purpose, clock.instant(), jurisdiction);
        return List.of(live, cached, full, bulk.get(subject), bulkLoaded.get(subject), past);
    }

    private void assertEveryWay(
            ConsentSystem cs, String subject, String purpose, String jurisdiction, DecisionReason reason) {
        assertThat(everyWay(cs, subject, purpose, jurisdiction))
                .as("%s for %s in %s", subject, purpose, jurisdiction)
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(reason));
    }

    @Test
    void inAnOptOutJurisdiction_noRecordAllows_andElsewhereTheBasisDecides() {
        ConsentSystem cs = withSalePurposes(system());

        assertEveryWay(cs, "ada", SALE, "US-CA", DecisionReason.NOT_OPTED_OUT);
        assertEveryWay(cs, "ada", SALE, "US-CO", DecisionReason.NOT_OPTED_OUT);
        assertEveryWay(cs, "ada", SHARING, "US-CA", DecisionReason.NOT_OPTED_OUT);
        assertEveryWay(cs, "ada", SHARING, "US-CO", DecisionReason.NO_OBJECTION);
        assertEveryWay(cs, "ada", SALE, "EU", DecisionReason.NO_CONSENT);
        assertEveryWay(cs, "ada", SALE, "us-ca", DecisionReason.NO_CONSENT);
        assertEveryWay(cs, "ada", Fixtures.EMAIL, "US-CA", DecisionReason.NO_CONSENT);
        assertThat(cs.enforcer().check("ada", SALE).reason())
                .as("without a jurisdiction, never the opt-out model")
                .isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(cs.enforcer().filterAllowedIn(List.of("ada", "bob"), SALE, "US-CA"))
                .containsExactly("ada", "bob");
        assertThat(cs.enforcer().filterAllowed(List.of("ada", "bob"), SALE)).isEmpty();
        cs.enforcer().requireIn("ada", SALE, "US-CA");
        assertThatThrownBy(() -> cs.enforcer().requireIn("ada", SALE, "EU"))
                .isInstanceOf(ProcessingDeniedException.class);
    }

    @Test
    void afterAnOptOut_everyCheckDenies_inAnOptOutJurisdiction_andTheBasisStillDecidesElsewhere() {
        ConsentSystem cs = withSalePurposes(system());
        cs.enforcer().checkIn("ada", SALE, "US-CA"); // a cached snapshot before the write
        cs.ledger().honourOptOutSignal("ada", OptOutSignal.GPC, GPC);

        assertEveryWay(cs, "ada", SALE, "US-CA", DecisionReason.OPTED_OUT);
        assertEveryWay(cs, "ada", SHARING, "US-CA", DecisionReason.OPTED_OUT);
        assertEveryWay(cs, "ada", BROKER, "US-CA", DecisionReason.OPTED_OUT);
        assertEveryWay(cs, "ada", SALE, "EU", DecisionReason.OPTED_OUT);
        assertEveryWay(cs, "ada", SHARING, "EU", DecisionReason.OPTED_OUT);
        assertEveryWay(cs, "ada", BROKER, "EU", DecisionReason.LEGAL_BASIS_NOT_CONSENT);
        assertThatThrownBy(() -> cs.enforcer().requireIn("ada", BROKER, "US-CA"))
                .isInstanceOf(ProcessingDeniedException.class)
                .extracting(e -> ((ProcessingDeniedException) e).decision().reason())
                .isEqualTo(DecisionReason.OPTED_OUT);
        assertEveryWay(cs, "bob", BROKER, "US-CA", DecisionReason.NOT_OPTED_OUT);
    }

    @Test
    void inAnOptOutJurisdiction_refusalsDeny_andLapsedGrantsAreNoOptOut() {
        ConsentSystem cs = withSalePurposes(system());
        cs.purposes()
                .define(cs.purposes().get(SALE).toBuilder()
                        .version(2)
                        .maxAge(Duration.ofDays(30))
                        .build());
        cs.ledger().deny("ada", SALE, WEB);
        cs.ledger().grant("bob", SALE, WEB);
        cs.ledger().object("cy", SHARING, WEB);

        assertEveryWay(cs, "ada", SALE, "US-CA", DecisionReason.CONSENT_DENIED);
        assertEveryWay(cs, "bob", SALE, "US-CA", DecisionReason.NOT_OPTED_OUT);
        assertEveryWay(cs, "bob", SALE, "EU", DecisionReason.CONSENT_GRANTED);
        assertEveryWay(cs, "cy", SHARING, "US-CA", DecisionReason.OBJECTED);

        clock.advance(Duration.ofDays(31));
        assertEveryWay(cs, "bob", SALE, "EU", DecisionReason.CONSENT_EXPIRED);
        assertEveryWay(cs, "bob", SALE, "US-CA", DecisionReason.NOT_OPTED_OUT);
    }

    @Test
    void checkAt_followsTheVersionInForce_andTheRecordsUpToThatInstant() {
        ConsentSystem cs = system();
        Fixtures.defineStandard(cs.purposes());
        Purpose v1 = Purpose.builder("ads.sale")
                .title("Sale to ad partners")
                .description("We sell your browsing profile to advertising partners.")
                .legalBasis(LegalBasis.CONSENT)
                .saleOrSharing(SaleOrSharing.SALE)
                .build();
        cs.purposes().define(v1);
        Instant beforeModel = clock.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        cs.purposes()
                .define(v1.toBuilder()
                        .version(2)
                        .optOutJurisdictions(List.of("US-CA"))
                        .build());
        Instant beforeSignal = clock.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().honourOptOutSignal("ada", OptOutSignal.GPC, GPC);
        clock.advance(Duration.ofMinutes(1));

        Enforcer e = cs.enforcer();
        assertThat(e.checkAtIn("ada", SALE, beforeModel, "US-CA").reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(e.checkAtIn("ada", SALE, beforeSignal, "US-CA").reason()).isEqualTo(DecisionReason.NOT_OPTED_OUT);
        assertThat(e.checkAtIn("ada", SALE, clock.instant(), "US-CA").reason()).isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(cs.ledger()
                        .stateAt("ada", beforeSignal)
                        .find(SALE)
                        .orElseThrow()
                        .status())
                .isEqualTo(dev.consent.ConsentStatus.NONE);
        assertThat(cs.ledger()
                        .stateAt("ada", clock.instant())
                        .find(SALE)
                        .orElseThrow()
                        .decision()
                        .reason())
                .isEqualTo(DecisionReason.OPTED_OUT);
    }

    @Test
    void theOptOutFields_areStored_comparedAndInTheFingerprint() {
        ConsentSystem cs = withSalePurposes(system());
        String fingerprint = cs.purposes().fingerprint();

        ConsentSystem reader = systemOver(store, b -> {});
        Purpose sale = reader.purposes().get(SALE);
        assertThat(sale.saleOrSharing()).containsExactly(SaleOrSharing.SALE);
        assertThat(sale.optOutJurisdictions()).containsExactly("US-CA", "US-CO");
        assertThat(reader.purposes().get(BROKER).saleOrSharing())
                .containsExactly(SaleOrSharing.SALE, SaleOrSharing.SHARING);
        assertThat(reader.purposes().get(Fixtures.EMAIL).saleOrSharing()).isEmpty();
        assertThat(reader.purposes().fingerprint()).isEqualTo(fingerprint);
        assertThat(sale)
                .isNotEqualTo(
                        sale.toBuilder().optOutJurisdictions(List.of("US-CA")).build());

        cs.purposes()
                .define(sale.toBuilder()
                        .version(2)
                        .optOutJurisdictions(List.of("US-CA"))
                        .build());
        assertThat(cs.purposes().fingerprint()).isNotEqualTo(fingerprint);
    }

    @Test
    void badOptOutInput_isRejected_namingTheField() {
        Purpose.Builder noSale = Fixtures.email().toBuilder().optOutJurisdictions(List.of("US-CA"));
        assertThatThrownBy(noSale::build)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optOutJurisdictions");
        Purpose.Builder twice = Fixtures.email().toBuilder()
                .saleOrSharing(SaleOrSharing.SALE)
                .optOutJurisdictions(List.of("US-CA", "US-CA"));
        assertThatThrownBy(twice::build)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optOutJurisdictions[1]");
        ConsentSystem cs = withSalePurposes(system());
        assertThatThrownBy(() -> cs.enforcer().checkIn("ada", SALE, " "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jurisdiction");
        assertThatThrownBy(() -> cs.enforcer().checkAllIn(List.of("ada"), SALE, "x".repeat(65)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jurisdiction");
    }
}
