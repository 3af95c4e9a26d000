package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.StoreUnavailableException;
import dev.consent.WriteResult;
import org.junit.jupiter.api.Test;

/**
 * Granting, denying and withdrawing a purpose group in one interaction: one record per current member
 * with legal basis CONSENT, atomically, idempotent under the interaction id; checks stay per purpose.
 */
public abstract class GroupsContract extends BehaviourContract {
    private static final String GROUP = "marketing";

    @Test
    void grantGroup_writesOneRecordPerMember_inOneInteraction_andEachPurposeIsAllowed() {
        ConsentSystem cs = systemWithPurposes();

        WriteResult w = cs.ledger().grantGroup("user-1", GROUP, WEB);

        assertThat(w.records()).extracting(ConsentRecord::purposeId).containsExactly(EMAIL, SMS);
        assertThat(w.records()).extracting(ConsentRecord::action).containsOnly(Action.GRANTED);
        assertThat(w.records()).extracting(ConsentRecord::interactionId).containsOnly(w.interactionId());
        assertThat(w.records()).extracting(ConsentRecord::purposeVersion).containsOnly(1);
        assertThat(w.records().get(1).position()).isEqualTo(w.records().get(0).position() + 1);
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check("user-1", ANALYTICS).reason())
                .as("not a member")
                .isEqualTo(DecisionReason.NO_OBJECTION);
        assertThat(cs.ledger().verify("user-1").ok()).isTrue();
    }

    @Test
    void withdrawGroup_andDenyGroup_recordEveryMember_andChecksDeny() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grantGroup("user-1", GROUP, WEB);

        WriteResult withdrawal = cs.ledger().withdrawGroup("user-1", GROUP, WEB);
        WriteResult refusal = cs.ledger().denyGroup("user-2", GROUP, WEB);

        assertThat(withdrawal.records())
                .extracting(ConsentRecord::action)
                .containsExactly(Action.WITHDRAWN, Action.WITHDRAWN);
        assertThat(refusal.records()).extracting(ConsentRecord::action).containsExactly(Action.DENIED, Action.DENIED);
        for (String purpose : new String[] {EMAIL, SMS}) {
            assertThat(cs.enforcer().check("user-1", purpose).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
            assertThat(cs.enforcer().check("user-2", purpose).reason()).isEqualTo(DecisionReason.CONSENT_DENIED);
            assertThat(system().enforcer().check("user-1", purpose).reason())
                    .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        }
    }

    @Test
    void groupMembers_onAnotherLegalBasis_orRetired_areSkipped_andTheCurrentVersionIsRecorded() {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes()
                .define(Fixtures.simple("marketing.profiling", LegalBasis.LEGITIMATE_INTEREST).toBuilder()
                        .group(GROUP)
                        .build());
        cs.purposes()
                .define(Fixtures.simple("marketing.post", LegalBasis.CONSENT).toBuilder()
                        .group(GROUP)
                        .build());
        cs.purposes()
                .define(Fixtures.simple("marketing.post", LegalBasis.CONSENT).toBuilder()
                        .group(GROUP)
                        .version(2)
                        .retired(true)
                        .build());
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(2)
                        .description("Offers by SMS, weekly.")
                        .build());

        WriteResult w = cs.ledger().grantGroup("user-1", GROUP, WEB);

        assertThat(w.records()).extracting(ConsentRecord::purposeId).containsExactly(EMAIL, SMS);
        assertThat(w.records()).extracting(ConsentRecord::purposeVersion).containsExactly(1, 2);
        assertThat(cs.enforcer().check("user-1", "marketing.profiling").reason())
                .isEqualTo(DecisionReason.NO_OBJECTION);
    }

    @Test
    void unknownOrEmptyGroup_isRejected_namingIt_andNothingIsWritten() {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes()
                .define(Fixtures.simple("ops.fraud", LegalBasis.LEGITIMATE_INTEREST).toBuilder()
                        .group("security")
                        .build());
        long head = cs.ledger().headPosition();

        assertThatThrownBy(() -> cs.ledger().grantGroup("user-1", "no.such-group", WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("groups[0].group")
                .hasMessageContaining("no.such-group");
        assertThatThrownBy(() -> cs.ledger().withdrawGroup("user-1", "security", WEB))
                .as("no member on the legal basis CONSENT")
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("security");
        assertThatThrownBy(() -> cs.ledger().grantGroup("user-1", "Not A Slug", WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("groups[0].group");
        assertThatThrownBy(() -> Interaction.builder("user-1")
                        .context(WEB)
                        .grantGroup(GROUP)
                        .grantGroup(GROUP)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("groups[1].group");
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.ledger().history("user-1")).isEmpty();
    }

    @Test
    void groupWithOtherDecisions_isAtomic_aConflictOrAFailureWritesNone() {
        FailingStore failing = new FailingStore(store);
        ConsentSystem cs = systemOver(failing, b -> {});
        Fixtures.defineStandard(cs.purposes());

        assertThatThrownBy(() -> cs.ledger()
                        .record(Interaction.builder("user-1")
                                .context(WEB)
                                .grant(SMS)
                                .withdrawGroup(GROUP)
                                .build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(SMS);
        failing.failAppends();
        assertThatThrownBy(() -> cs.ledger()
                        .record(Interaction.builder("user-1")
                                .context(WEB)
                                .object(ANALYTICS)
                                .grantGroup(GROUP)
                                .build()))
                .isInstanceOf(StoreUnavailableException.class);
        failing.recover();
        assertThat(cs.ledger().history("user-1")).isEmpty();

        WriteResult w = cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(WEB)
                        .object(ANALYTICS)
                        .grantGroup(GROUP)
                        .build());
        assertThat(w.records()).extracting(ConsentRecord::purposeId).containsExactly(ANALYTICS, EMAIL, SMS);
    }

    @Test
    void groupInteraction_replayedWithItsId_writesNothing_evenAfterTheGroupGainedAMember() {
        ConsentSystem cs = systemWithPurposes();
        Interaction form = Interaction.builder("user-1")
                .interactionId("form-7")
                .context(WEB)
                .grantGroup(GROUP)
                .build();
        WriteResult first = cs.ledger().record(form);
        long head = cs.ledger().headPosition();
        cs.purposes()
                .define(Fixtures.simple("marketing.post", LegalBasis.CONSENT).toBuilder()
                        .group(GROUP)
                        .build());

        WriteResult again = cs.ledger().record(form);

        assertThat(again.replayed()).isTrue();
        assertThat(again.records()).isEqualTo(first.records());
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.ledger().history("user-1")).hasSize(2);
    }

    @Test
    void denyGroup_throughRecord_showsInTheSubjectsState() {
        ConsentSystem cs = systemWithPurposes();
        WriteResult w = cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(WEB)
                        .denyGroup(GROUP)
                        .build());

        assertThat(w.records()).hasSize(2);
        assertThat(cs.ledger().currentState("user-1").find(SMS).orElseThrow().proof())
                .isEqualTo(w.records().get(1));
    }
}
