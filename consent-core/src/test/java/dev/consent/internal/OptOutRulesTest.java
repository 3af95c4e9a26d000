package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.OptOutSignal;
import dev.consent.Purpose;
import dev.consent.SaleOrSharing;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The opt-out model as a pure function, and the values it rests on. */
class OptOutRulesTest {
    private static final Instant T = Instant.parse("2024-03-05T14:14:00Z");

    private static Purpose sale(LegalBasis basis) {
        return Purpose.builder("p")
                .title("T")
                .description("D")
                .legalBasis(basis)
                .saleOrSharing(SaleOrSharing.SALE)
                .optOutJurisdictions(List.of("US-CA"))
                .build();
    }

    private static ConsentRecord record(Action action) {
        return new ConsentRecord(
                1,
                UUID.randomUUID(),
                "s",
                1,
                action.isLifecycle() ? null : "p",
                action.isLifecycle() ? 0 : 1,
                action,
                T,
                null,
                null,
                null,
                Channel.PREFERENCE_SIGNAL,
                Actor.subject(),
                null,
                "i",
                null,
                null,
                Hash.of(new byte[Hash.LENGTH]));
    }

    @ParameterizedTest
    @EnumSource(LegalBasis.class)
    void theOptOutModel_decidesTheSame_whateverTheBasis(LegalBasis basis) {
        Purpose p = sale(basis);
        ConsentRecord out = record(Action.OPTED_OUT);

        assertThat(Rules.decideOptOut(p, null, null).reason()).isEqualTo(DecisionReason.NOT_OPTED_OUT);
        Decision d = Rules.decideOptOut(p, out, null);
        assertThat(d.reason()).isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(d.allowed()).isFalse();
        assertThat(d.recordId()).isEqualTo(out.id());
        assertThat(Rules.decideOptOut(p, record(Action.GRANTED), null).reason())
                .isEqualTo(DecisionReason.NOT_OPTED_OUT);
        assertThat(Rules.decideOptOut(p, record(Action.OBJECTED), null).reason())
                .isEqualTo(DecisionReason.OBJECTED);
        assertThat(Rules.decideOptOut(p, record(Action.DENIED), null).reason())
                .isEqualTo(DecisionReason.CONSENT_DENIED);
        assertThat(Rules.decideOptOut(p, record(Action.WITHDRAWN), null).reason())
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(Rules.decideOptOut(p, null, record(Action.SUBJECT_ERASED)).reason())
                .isEqualTo(DecisionReason.SUBJECT_ERASED);
        assertThat(Rules.decideOptOut(p.toBuilder().version(2).retired(true).build(), null, null)
                        .reason())
                .isEqualTo(DecisionReason.PURPOSE_RETIRED);
    }

    @Test
    void outsideTheOptOutModel_anOptOutIsARefusalOrAnObjection_andOtherBasesAllow() {
        ConsentRecord out = record(Action.OPTED_OUT);
        assertThat(Rules.status(sale(LegalBasis.CONSENT), out, false)).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(Rules.decide(sale(LegalBasis.CONSENT), out, null, false).reason())
                .isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(Rules.decide(sale(LegalBasis.LEGITIMATE_INTEREST), out, null, false)
                        .reason())
                .isEqualTo(DecisionReason.OPTED_OUT);
        assertThat(Rules.decide(sale(LegalBasis.CONTRACT), out, null, false).reason())
                .isEqualTo(DecisionReason.LEGAL_BASIS_NOT_CONSENT);
    }

    @Test
    void aJurisdiction_matchesExactly() {
        Purpose p = sale(LegalBasis.CONSENT);
        PurposeRuntime r = new PurposeRuntime(java.util.List.of(p));
        assertThat(Rules.optsOut(p, "US-CA")).isTrue();
        assertThat(r.optsOut("US-CA")).isTrue();
        for (String other : new String[] {null, "us-ca", "US-CA ", "US", "EU"}) {
            assertThat(Rules.optsOut(p, other)).as(other).isFalse();
            assertThat(r.optsOut(other)).as(other).isFalse();
        }
        assertThat(r.optOutNoRecord.reason()).isEqualTo(DecisionReason.NOT_OPTED_OUT);
    }

    @Test
    void gpcHeader_isExactlyOne_andItsContextDescribesIt() {
        assertThat(OptOutSignal.fromHeader("1")).contains(OptOutSignal.GPC);
        assertThat(OptOutSignal.fromHeader("0")).isEmpty();
        assertThat(OptOutSignal.fromHeader(null)).isEmpty();
        assertThat(OptOutSignal.GPC.describes(OptOutSignal.GPC.context().build()))
                .isTrue();
        assertThat(OptOutSignal.GPC.describes(dev.consent.CollectionContext.of(Channel.WEB, "GPC")))
                .isFalse();
    }

    @Test
    void purposeFields_areValidated_andTakePartInEquality() {
        Purpose p = sale(LegalBasis.CONSENT);
        assertThat(p.saleOrSharing()).containsExactly(SaleOrSharing.SALE);
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.toBuilder()
                        .saleOrSharing(SaleOrSharing.SHARING, SaleOrSharing.SALE)
                        .build()
                        .saleOrSharing())
                .containsExactly(SaleOrSharing.SALE, SaleOrSharing.SHARING);
        assertThatThrownBy(() -> p.toBuilder().saleOrSharing().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optOutJurisdictions");
        assertThatThrownBy(() -> p.toBuilder().saleOrSharing(SaleOrSharing.SALE, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("saleOrSharing[1]");
        assertThatThrownBy(() ->
                        p.toBuilder().optOutJurisdictions(List.of("US-CA", " ")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("optOutJurisdictions[1]");
    }
}
