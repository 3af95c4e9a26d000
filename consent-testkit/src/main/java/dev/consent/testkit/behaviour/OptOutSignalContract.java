package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.AccessExport;
import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.Evidence;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.OptOutResult;
import dev.consent.OptOutSignal;
import dev.consent.Purpose;
import dev.consent.SaleOrSharing;
import dev.consent.relay.ChangeMessage;
import dev.consent.relay.Relay;
import dev.consent.spi.RelayState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Opt-out preference signals (Global Privacy Control, Cal. Code Regs. tit. 11 §7025): one record per sale or
 * sharing purpose showing its mechanism; written only when the state changes; conflicts with explicit opt-ins
 * returned while the opt-out is applied; carried from a visitor to its account; in the hash chain, the feed,
 * the relay's messages and the access export.
 */
public abstract class OptOutSignalContract extends BehaviourContract {
    /** A sale, consent-based, opt-out model in California and Colorado. */
    static final String SALE = "ads.sale";
    /** A sharing, legitimate interest, opt-out model in California. */
    static final String SHARING = "ads.sharing";
    /** A sale and sharing whose basis is a contract, opt-out model in California. */
    static final String BROKER = "data.broker";

    static final CollectionContext GPC = OptOutSignal.GPC
            .context()
            .jurisdiction("US-CA")
            .evidence(new Evidence("198.51.100.7", "Firefox/128", java.util.Map.of()))
            .build();

    static ConsentSystem withSalePurposes(ConsentSystem cs) {
        Fixtures.defineStandard(cs.purposes());
        cs.purposes()
                .define(Purpose.builder(SALE)
                        .title("Sale to ad partners")
                        .description("We sell your browsing profile to advertising partners.")
                        .legalBasis(LegalBasis.CONSENT)
                        .saleOrSharing(SaleOrSharing.SALE)
                        .optOutJurisdictions(List.of("US-CA", "US-CO"))
                        .build());
        cs.purposes()
                .define(Purpose.builder(SHARING)
                        .title("Cross-context advertising")
                        .description("We share identifiers for cross-context behavioural advertising.")
                        .legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                        .saleOrSharing(SaleOrSharing.SHARING)
                        .optOutJurisdictions(List.of("US-CA"))
                        .build());
        cs.purposes()
                .define(Purpose.builder(BROKER)
                        .title("Data partners")
                        .description("We sell and share purchase data with partners under your contract.")
                        .legalBasis(LegalBasis.CONTRACT)
                        .saleOrSharing(SaleOrSharing.SALE, SaleOrSharing.SHARING)
                        .optOutJurisdictions(List.of("US-CA"))
                        .build());
        return cs;
    }

    @Test
    void fromHeader_acceptsExactlyOne_andNothingElseIsASignal() {
        assertThat(OptOutSignal.fromHeader("1")).contains(OptOutSignal.GPC);
        for (String other : new String[] {null, "", "0", " 1", "1 ", "true", "yes", "01", "2"}) {
            assertThat(OptOutSignal.fromHeader(other)).as("Sec-GPC: %s", other).isEmpty();
        }
        assertThat(OptOutSignal.GPC.header()).isEqualTo("Sec-GPC");
    }

    @Test
    void honour_recordsOneOptOutPerSaleOrSharingPurpose_showingTheSignal() {
        ConsentSystem cs = withSalePurposes(system());

        OptOutResult r = cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);

        assertThat(r.changed()).isTrue();
        assertThat(r.records()).extracting(ConsentRecord::purposeId).containsExactlyInAnyOrder(SALE, SHARING, BROKER);
        assertThat(r.records()).allSatisfy(rec -> {
            assertThat(rec.action()).isEqualTo(Action.OPTED_OUT);
            assertThat(rec.channel()).isEqualTo(Channel.PREFERENCE_SIGNAL);
            assertThat(rec.collectionPoint()).isEqualTo("GPC");
            assertThat(rec.jurisdiction()).isEqualTo("US-CA");
            assertThat(rec.interactionId()).isEqualTo(r.writes().get(0).interactionId());
        });
        assertThat(r.conflicts()).isEmpty();
        assertThat(cs.ledger().history("visitor-1")).hasSize(3);
        assertThat(cs.enforcer().checkIn("visitor-1", SALE, "US-CA").reason()).isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(cs.enforcer().check("visitor-1", SALE).reason()).isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(cs.enforcer().check("visitor-1", SHARING).reason()).isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(cs.enforcer().checkIn("visitor-1", BROKER, "US-CA").reason()).isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(cs.enforcer().check("visitor-1", EMAIL).reason())
                .as("a purpose that neither sells nor shares is untouched")
                .isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(cs.ledger()
                        .currentState("visitor-1")
                        .find(SALE)
                        .orElseThrow()
                        .status())
                .isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().verify("visitor-1").ok()).isTrue();
    }

    @Test
    void theSameSignalOnEveryRequest_writesOnlyWhenTheStateChanges() {
        ConsentSystem cs = withSalePurposes(system());
        cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);
        long head = cs.ledger().headPosition();

        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(3));
            OptOutResult again = cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);
            assertThat(again.changed()).isFalse();
            assertThat(again.records()).isEmpty();
        }
        // a fresh system reads the state from the store, not from this one's cache
        OptOutResult fresh = withExisting(systemOver(store, b -> {}))
                .ledger()
                .honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);

        assertThat(fresh.changed()).isFalse();
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.ledger().history("visitor-1")).hasSize(3);
    }

    @Test
    void aNewSalePurpose_isOptedOutByTheNextSignal_only() {
        ConsentSystem cs = withSalePurposes(system());
        cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);
        cs.purposes()
                .define(Purpose.builder("ads.retargeting")
                        .title("Retargeting")
                        .description("We share your visits with ad networks for retargeting.")
                        .legalBasis(LegalBasis.CONSENT)
                        .saleOrSharing(SaleOrSharing.SHARING)
                        .build());

        OptOutResult r = cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);

        assertThat(r.records()).extracting(ConsentRecord::purposeId).containsExactly("ads.retargeting");
    }

    @Test
    void anEarlierExplicitOptIn_isReturnedAsAConflict_andTheOptOutIsApplied() {
        ConsentSystem cs = withSalePurposes(system());
        ConsentRecord grant = cs.ledger().grant("user-1", SALE, WEB).records().get(0);
        clock.advance(Duration.ofMinutes(1));

        OptOutResult r = cs.ledger().honourOptOutSignal("user-1", OptOutSignal.GPC, GPC);

        assertThat(r.conflicts()).containsExactly(grant);
        assertThat(cs.enforcer().check("user-1", SALE).reason()).isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(cs.enforcer().checkIn("user-1", SALE, "US-CA").allowed()).isFalse();

        // the person confirms the opt-in; the browser still sends the signal: it wins again, and says so
        clock.advance(Duration.ofMinutes(1));
        ConsentRecord again = cs.ledger().grant("user-1", SALE, WEB).records().get(0);
        assertThat(cs.enforcer().check("user-1", SALE).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        clock.advance(Duration.ofMinutes(1));
        OptOutResult second = cs.ledger().honourOptOutSignal("user-1", OptOutSignal.GPC, GPC);
        assertThat(second.records()).extracting(ConsentRecord::purposeId).containsExactly(SALE);
        assertThat(second.conflicts()).containsExactly(again);
        assertThat(cs.enforcer().check("user-1", SALE).reason()).isEqualTo(DecisionReason.OPTED_OUT);
    }

    @Test
    void aVisitorsOptOut_carriesToTheAccountAtLink() {
        ConsentSystem cs = withSalePurposes(system());
        cs.ledger().grant("user-1", SALE, WEB);
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().honourOptOutSignal("anon-1", OptOutSignal.GPC, GPC);
        clock.advance(Duration.ofMinutes(1));

        cs.ledger().link("anon-1", "user-1", CollectionContext.of(Channel.WEB, "login_v2"));

        for (String purpose : List.of(SALE, SHARING, BROKER)) {
            assertThat(cs.enforcer().checkIn("user-1", purpose, "US-CA").reason())
                    .as(purpose)
                    .isEqualTo(DecisionReason.OPTED_OUT);
        }
    }

    @Test
    void aSignalOnALinkedVisitor_appliesToTheAccount_andShowsTheSignalThere() {
        ConsentSystem cs = withSalePurposes(system());
        ConsentRecord grant = cs.ledger().grant("user-1", SALE, WEB).records().get(0);
        cs.ledger().link("anon-1", "user-1", CollectionContext.of(Channel.WEB, "login_v2"));
        clock.advance(Duration.ofMinutes(1));

        OptOutResult r = cs.ledger().honourOptOutSignal("anon-1", OptOutSignal.GPC, GPC);

        assertThat(r.writes()).extracting(w -> w.subject()).containsExactly("anon-1", "user-1");
        assertThat(r.writes().get(1).records()).hasSize(3).allSatisfy(rec -> {
            assertThat(rec.action()).isEqualTo(Action.OPTED_OUT);
            assertThat(rec.channel()).isEqualTo(Channel.PREFERENCE_SIGNAL);
            assertThat(rec.collectionPoint()).isEqualTo("GPC");
        });
        assertThat(r.conflicts()).containsExactly(grant);
        assertThat(cs.enforcer().checkIn("user-1", SALE, "US-CO").reason()).isEqualTo(DecisionReason.OPTED_OUT);
        OptOutResult again = cs.ledger().honourOptOutSignal("anon-1", OptOutSignal.GPC, GPC);
        assertThat(again.changed()).isFalse();
        assertThat(again.writes()).hasSize(2);
    }

    @Test
    void aContextThatDoesNotDescribeTheSignal_isRejected_andNothingIsWritten() {
        ConsentSystem cs = withSalePurposes(system());
        long head = cs.ledger().headPosition();

        assertThatThrownBy(() -> cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context.channel");
        CollectionContext wrongPoint = CollectionContext.of(Channel.PREFERENCE_SIGNAL, "banner");
        assertThatThrownBy(() -> cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, wrongPoint))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context.collectionPoint")
                .hasMessageContaining("banner");
        assertThatThrownBy(() -> cs.ledger().honourOptOutSignal(" ", OptOutSignal.GPC, GPC))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> cs.ledger()
                        .record(dev.consent.Interaction.builder("visitor-1")
                                .context(WEB)
                                .decision(EMAIL, 0, Action.OPTED_OUT)
                                .build()))
                .as("an opt-out of a purpose that neither sells nor shares")
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("saleOrSharing");
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
    }

    @Test
    void anErasedSubject_getsNothing_andStaysDenied() {
        ConsentSystem cs = withSalePurposes(system());
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.ledger().erase("user-1", Fixtures.DPO);
        long head = cs.ledger().headPosition();

        OptOutResult r = cs.ledger().honourOptOutSignal("user-1", OptOutSignal.GPC, GPC);

        assertThat(r.changed()).isFalse();
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.enforcer().checkIn("user-1", SALE, "US-CA").reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
    }

    @Test
    void theOptOuts_areInTheFeed_theListenersChanges_theAccessExport_andTheRelaysMessages() throws Exception {
        ConsentSystem cs = withSalePurposes(system());
        List<ConsentRecord> heard = new CopyOnWriteArrayList<>();
        cs.subscribe(change -> heard.addAll(change.records()));
        cs.ledger().grant("user-1", SALE, WEB);
        OptOutResult r = cs.ledger().honourOptOutSignal("user-1", OptOutSignal.GPC, GPC);

        assertThat(store.readFeed(0, 100)).containsAll(r.records());
        RealTime.nanosUntil(
                () -> heard.containsAll(r.records()), Duration.ofSeconds(30), "the listener heard the opt-outs");
        AccessExport export = cs.ledger().export("user-1");
        String json = export.toJson();
        assertThat(json).contains("OPTED_OUT").contains("PREFERENCE_SIGNAL").contains("\"GPC\"");
        assertThat(json).contains("US-CO").contains("SALE");

        List<ChangeMessage> messages = new CopyOnWriteArrayList<>();
        try (Relay relay = Relay.builder("gpc")
                .store(store)
                .purposes(cs.purposes())
                .state(RelayState.inMemory())
                .sink(messages::add)
                .pollInterval(Duration.ofMillis(20))
                .build()
                .start()) {
            RealTime.nanosUntil(() -> messages.size() >= 4, Duration.ofSeconds(60), "the relay delivered every record");
        }
        ChangeMessage sale = messages.stream()
                .filter(m -> m.action() == Action.OPTED_OUT && SALE.equals(m.purpose()))
                .findFirst()
                .orElseThrow();
        assertThat(sale.oldStatus()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(sale.newStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(ChangeMessage.fromJson(sale.toJson())).isEqualTo(sale);
    }

    @Test
    void theTransparencyReport_countsTheOptOutsOfThePeriod_perPurpose() {
        ConsentSystem cs = withSalePurposes(system());
        java.time.Instant from = clock.instant();
        cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);
        cs.ledger().honourOptOutSignal("visitor-1", OptOutSignal.GPC, GPC);
        cs.ledger().honourOptOutSignal("visitor-2", OptOutSignal.GPC, GPC);
        clock.advance(Duration.ofMinutes(1));

        var report = cs.reports().transparency(from, clock.instant());

        assertThat(report.find(SALE).orElseThrow().optOuts()).isEqualTo(2);
        assertThat(report.find(SHARING).orElseThrow().optOuts()).isEqualTo(2);
        assertThat(report.find(SALE).orElseThrow().askedAtEnd())
                .as("an opt-out is not a consent decision")
                .isZero();
        assertThat(dev.consent.TransparencyReport.fromJson(report.toJson())).isEqualTo(report);
    }

    /** {@code cs} with the sale purposes known from the store (already defined): defines them again, idempotently. */
    private static ConsentSystem withExisting(ConsentSystem cs) {
        return withSalePurposes(cs);
    }
}
