package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.AccessExport;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.ProcessingDeniedException;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import dev.consent.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Recipient-scoped checks: sharing a person's data with a recipient for a purpose is allowed only when the
 * recipient was named in the purpose version the person agreed to (GDPR Art. 13(1)(e), Art. 4(11) and 7:
 * consent is specific and informed), and in the version in force; identically for cached, fully consistent,
 * bulk and past-instant checks, states and exports.
 */
public abstract class RecipientsContract extends BehaviourContract {
    /** Consent; version 1 names A and B, version 2 (editorial) adds C, version 3 (editorial) drops B. */
    static final String SHARE = "partners.share";
    /** Legitimate interest; version 1 names X, version 2 adds Y. */
    static final String FRAUD = "fraud.screening";
    /** Contract; version 1 names Z, version 2 names none. */
    static final String DELIVERY = "orders.delivery";

    static final String A = "Alpha Ads";
    static final String B = "Beta Mail";
    static final String C = "Gamma Data";
    static final List<String> SHARE_RECIPIENTS = List.of(A, B, C);

    static Purpose share(int version, List<String> recipients) {
        return Fixtures.simple(SHARE, LegalBasis.CONSENT).toBuilder()
                .version(version)
                .recipients(recipients)
                .build();
    }

    static Purpose basis(String id, LegalBasis basis, int version, List<String> recipients) {
        return Fixtures.simple(id, basis).toBuilder()
                .version(version)
                .recipients(recipients)
                .build();
    }

    @Test
    void consentToVersion1_doesNotCoverARecipientAddedByAnEditorialVersion2() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        WriteResult grant = cs.ledger().grant("ada", SHARE, WEB);
        clock.advance(Duration.ofMinutes(1));
        cs.purposes().define(share(2, List.of(A, B, C)));
        cs.ledger().grant("bea", SHARE, WEB);

        Enforcer e = cs.enforcer();
        assertThat(e.check("ada", SHARE, A).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(e.check("ada", SHARE, B).allowed()).isTrue();
        Decision toC = e.check("ada", SHARE, C);
        assertThat(toC.reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_AGREED);
        assertThat(toC.allowed()).isFalse();
        assertThat(toC.purposeVersion()).as("the version agreed to").isEqualTo(1);
        assertThat(toC.recordId()).isEqualTo(grant.records().get(0).id());
        assertThat(e.check("ada", SHARE).allowed())
                .as("the purpose alone is still allowed")
                .isTrue();
        assertThatThrownBy(() -> e.require("ada", SHARE, C))
                .isInstanceOfSatisfying(
                        ProcessingDeniedException.class,
                        x -> assertThat(x.decision()).isEqualTo(toC));
        e.require("ada", SHARE, A);
        assertThat(e.check("bea", SHARE, C).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);

        WriteResult again = cs.ledger().grant("ada", SHARE, WEB);
        assertThat(e.check("ada", SHARE, C).reason())
                .as("agreeing to version 2 covers C")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(system().enforcer()
                        .check("ada", SHARE, C, Consistency.atLeast(again.position()))
                        .allowed())
                .isTrue();
    }

    @Test
    void aMaterialChangeAddingARecipient_deniesAsReconsentFirst() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        cs.ledger().grant("ada", SHARE, WEB);
        cs.purposes()
                .define(share(2, List.of(A, B, C)).toBuilder().materialChange().build());

        for (String r : SHARE_RECIPIENTS) {
            assertThat(cs.enforcer().check("ada", SHARE, r).reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);
        }
    }

    @Test
    void aRecipientRemovedByALaterVersion_isDeniedForEveryone_andWasAllowedBefore() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        cs.ledger().grant("ada", SHARE, WEB);
        clock.advance(Duration.ofMinutes(1));
        Instant beforeRemoval = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        cs.purposes().define(share(2, List.of(A)));
        clock.advance(Duration.ofMinutes(1));

        Decision toB = cs.enforcer().check("ada", SHARE, B);
        assertThat(toB.reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_IN_FORCE);
        assertThat(toB.purposeVersion()).as("the version in force").isEqualTo(2);
        assertThat(toB.recordId()).isNull();
        assertThat(cs.enforcer().check("ada", SHARE, A).allowed()).isTrue();
        assertThat(cs.enforcer().checkAt("ada", SHARE, B, beforeRemoval).reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().checkAt("ada", SHARE, B, clock.instant())).isEqualTo(toB);
        assertThat(cs.ledger()
                        .stateAt("ada", beforeRemoval)
                        .find(SHARE)
                        .orElseThrow()
                        .recipients())
                .containsExactly(A, B);
        assertThat(cs.ledger().currentState("ada").find(SHARE).orElseThrow().recipients())
                .containsExactly(A);
    }

    @Test
    void otherLegalBases_needTheRecipientInTheVersionInForce_only() {
        ConsentSystem cs = system();
        cs.purposes().define(basis(FRAUD, LegalBasis.LEGITIMATE_INTEREST, 1, List.of("X")));
        cs.purposes().define(basis(DELIVERY, LegalBasis.CONTRACT, 1, List.of("Z")));
        assertThat(cs.enforcer().check("ada", DELIVERY, "Z").reason())
                .isEqualTo(DecisionReason.LEGAL_BASIS_NOT_CONSENT);
        cs.purposes().define(basis(FRAUD, LegalBasis.LEGITIMATE_INTEREST, 2, List.of("X", "Y")));
        cs.purposes().define(basis(DELIVERY, LegalBasis.CONTRACT, 2, List.of()));

        assertThat(cs.enforcer().check("ada", FRAUD, "Y").reason()).isEqualTo(DecisionReason.NO_OBJECTION);
        assertThat(cs.enforcer().check("ada", DELIVERY, "Z").reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_IN_FORCE);
        cs.ledger().object("ada", FRAUD, WEB);
        assertThat(cs.enforcer().check("ada", FRAUD, "X").reason()).isEqualTo(DecisionReason.OBJECTED);
        cs.ledger().withdrawObjection("ada", FRAUD, WEB);
        assertThat(cs.enforcer().check("ada", FRAUD, "Y").reason()).isEqualTo(DecisionReason.NO_OBJECTION);
    }

    @Test
    void aDeniedPurpose_deniesEveryRecipient_withItsOwnReason() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        cs.ledger().grant("ada", SHARE, WEB);
        cs.ledger().withdraw("ada", SHARE, WEB);
        cs.ledger().grant("cyd", SHARE, WEB);
        cs.ledger().erase("cyd", Fixtures.DPO);

        for (String r : List.of(A, B)) {
            assertThat(cs.enforcer().check("ada", SHARE, r).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
            assertThat(cs.enforcer().check("dan", SHARE, r).reason()).isEqualTo(DecisionReason.NO_CONSENT);
            assertThat(cs.enforcer().check("cyd", SHARE, r).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
        }
    }

    @Test
    void anUndeclaredRecipient_isInvalidInput_namingTheField_andWritesNothing() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        cs.purposes().define(basis(DELIVERY, LegalBasis.CONTRACT, 1, List.of("Z")));
        cs.ledger().grant("ada", SHARE, WEB);
        long head = cs.ledger().headPosition();
        Enforcer e = cs.enforcer();
        List<String> subjects = List.of("ada", "bea");

        for (String bad : List.of("Nobody Inc", "alpha ads", " ", "", "Alpha\u0000Ads", "Z")) {
            List<Runnable> calls = List.of(
                    () -> e.check("ada", SHARE, bad),
                    () -> e.require("ada", SHARE, bad),
                    () -> e.check("ada", SHARE, bad, Consistency.full()),
                    () -> e.require("ada", SHARE, bad, Consistency.cached()),
                    () -> e.checkAll(subjects, SHARE, bad),
                    () -> e.filterAllowed(subjects, SHARE, bad),
                    () -> e.checkAt("ada", SHARE, bad, clock.instant()),
                    () -> e.allows(SHARE, bad).test("ada"));
            for (Runnable call : calls) {
                assertThatThrownBy(call::run)
                        .as(bad)
                        .isInstanceOfSatisfying(
                                InvalidInputException.class,
                                x -> assertThat(x.field()).isEqualTo("recipient"))
                        .hasMessageContaining("recipient");
            }
        }
        assertThatThrownBy(() -> e.check("ada", SHARE, "Nobody Inc"))
                .hasMessageContaining("Nobody Inc")
                .hasMessageContaining(SHARE);
        assertThatThrownBy(() -> e.check("ada", DELIVERY, A)).isInstanceOf(InvalidInputException.class);
        assertThat(e.check("ada", Fixtures.UNDEFINED, A).reason()).isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
    }

    @Test
    void everyForm_answersAlike_cachedFullBulkPastInstantStateAndExport() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        cs.purposes().define(basis(FRAUD, LegalBasis.LEGITIMATE_INTEREST, 1, List.of("X")));
        cs.purposes().define(basis(DELIVERY, LegalBasis.CONTRACT, 1, List.of("Z")));
        cs.ledger().grant("v1", SHARE, WEB);
        cs.ledger().grant("withdrawn", SHARE, WEB);
        cs.ledger().withdraw("withdrawn", SHARE, WEB);
        cs.ledger().object("objected", FRAUD, WEB);
        clock.advance(Duration.ofMinutes(1));
        cs.purposes().define(share(2, List.of(A, B, C)));
        cs.purposes().define(basis(FRAUD, LegalBasis.LEGITIMATE_INTEREST, 2, List.of("X", "Y")));
        cs.ledger().grant("v2", SHARE, WEB);
        cs.purposes().define(share(3, List.of(A, C)));
        cs.purposes().define(basis(DELIVERY, LegalBasis.CONTRACT, 2, List.of()));
        cs.ledger().grant("v3", SHARE, WEB);
        clock.advance(Duration.ofSeconds(1));
        Map<String, List<String>> recipients =
                Map.of(SHARE, SHARE_RECIPIENTS, FRAUD, List.of("X", "Y"), DELIVERY, List.of("Z"));
        List<String> subjects = List.of("v1", "v2", "v3", "withdrawn", "objected", "stranger");

        Set<DecisionReason> seen = EnumSet.noneOf(DecisionReason.class);
        Instant now = clock.instant();
        ConsentSystem fresh = system();
        for (ConsentSystem each : List.of(cs, fresh)) {
            Enforcer e = each.enforcer();
            for (Map.Entry<String, List<String>> purpose : recipients.entrySet()) {
                for (String r : purpose.getValue()) {
                    Map<String, Decision> bulk = e.checkAll(subjects, purpose.getKey(), r);
                    List<String> allowed = new ArrayList<>();
                    for (String subject : subjects) {
                        Decision cached = e.check(subject, purpose.getKey(), r);
                        String what = subject + " / " + purpose.getKey() + " / " + r;
                        assertThat(e.check(subject, purpose.getKey(), r))
                                .as(what + " cached twice")
                                .isEqualTo(cached);
                        assertThat(e.check(subject, purpose.getKey(), r, Consistency.full()))
                                .as(what + " full")
                                .isEqualTo(cached);
                        assertThat(e.checkAt(subject, purpose.getKey(), r, now))
                                .as(what + " checkAt now")
                                .isEqualTo(cached);
                        assertThat(bulk.get(subject)).as(what + " bulk").isEqualTo(cached);
                        PurposeState state = each.ledger()
                                .stateAt(subject, now)
                                .find(purpose.getKey())
                                .orElseThrow();
                        assertThat(state.recipients().contains(r))
                                .as(what + " state")
                                .isEqualTo(cached.allowed());
                        AccessExport.PurposeEntry exported = each.ledger().export(subject).purposes().stream()
                                .filter(p -> p.purposeId().equals(purpose.getKey()))
                                .findFirst()
                                .orElseThrow();
                        assertThat(exported.recipients()).as(what + " export").isEqualTo(state.recipients());
                        if (cached.allowed()) {
                            allowed.add(subject);
                        }
                        seen.add(cached.reason());
                    }
                    assertThat(e.filterAllowed(subjects, purpose.getKey(), r)).isEqualTo(allowed);
                }
            }
        }
        assertThat(seen)
                .contains(
                        DecisionReason.CONSENT_GRANTED,
                        DecisionReason.RECIPIENT_NOT_AGREED,
                        DecisionReason.RECIPIENT_NOT_IN_FORCE,
                        DecisionReason.NO_OBJECTION,
                        DecisionReason.OBJECTED,
                        DecisionReason.CONSENT_WITHDRAWN,
                        DecisionReason.NO_CONSENT);
        assertThat(cs.enforcer().check("v1", SHARE, A).allowed()).isTrue();
        assertThat(cs.enforcer().check("v1", SHARE, B).reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_IN_FORCE);
        assertThat(cs.enforcer().check("v1", SHARE, C).reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_AGREED);
        assertThat(cs.enforcer().check("v2", SHARE, C).allowed()).isTrue();
        assertThat(cs.ledger().export("v1").purposes().stream()
                        .filter(p -> p.purposeId().equals(SHARE))
                        .findFirst()
                        .orElseThrow()
                        .recipients())
                .containsExactly(A);
    }

    @Test
    void aGrantCachedBeforeTheVersionAddingARecipient_isJudgedAgainstTheVersionAgreedTo() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        cs.ledger().grant("ada", SHARE, WEB);
        assertThat(cs.enforcer().check("ada", SHARE, A).allowed()).as("cached").isTrue();

        cs.purposes().define(share(2, List.of(A, B, C)));

        assertThat(cs.enforcer().check("ada", SHARE, C).reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_AGREED);
        assertThat(cs.enforcer().check("ada", SHARE, A).allowed()).isTrue();
    }

    @Test
    void anExpiredGrant_deniesEveryRecipient_atTheInstantItExpires() {
        ConsentSystem cs = system();
        cs.purposes()
                .define(share(1, List.of(A, B)).toBuilder()
                        .maxAge(Duration.ofDays(30))
                        .build());
        cs.ledger().grant("ada", SHARE, WEB);
        assertThat(cs.enforcer().check("ada", SHARE, A).allowed()).isTrue();

        clock.advance(Duration.ofDays(30));

        assertThat(cs.enforcer().check("ada", SHARE, A).reason()).isEqualTo(DecisionReason.CONSENT_EXPIRED);
        assertThat(cs.enforcer().checkAt("ada", SHARE, A, clock.instant()).reason())
                .isEqualTo(DecisionReason.CONSENT_EXPIRED);
    }
}
