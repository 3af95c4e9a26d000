package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.SubjectLink;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Linking an anonymous visitor to an account: the visitor's latest decisions are carried over as new records
 * naming their origin, never over a newer decision of the account; both histories stay; idempotent and
 * convergent; erased or deceased subjects are refused; the link is readable from both sides.
 */
public abstract class LinkingContract extends BehaviourContract {
    private static final CollectionContext LOGIN = CollectionContext.of(Channel.WEB, "login_v2");

    @Test
    void link_carriesTheVisitorsLatestDecisions_asNewRecordsNamingTheirOrigin() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("anon-1", EMAIL, Fixtures.detailed());
        clock.advance(Duration.ofMinutes(1));
        ConsentRecord emailOrigin =
                cs.ledger().withdraw("anon-1", EMAIL, WEB).records().get(0);
        clock.advance(Duration.ofMinutes(1));
        ConsentRecord smsOrigin =
                cs.ledger().grant("anon-1", SMS, Fixtures.detailed()).records().get(0);
        ConsentRecord analyticsOrigin =
                cs.ledger().object("anon-1", ANALYTICS, WEB).records().get(0);
        List<ConsentRecord> visitorBefore = cs.ledger().history("anon-1");
        Instant linkedAt = clock.advance(Duration.ofMinutes(5));

        WriteResult w = cs.ledger().link("anon-1", "user-1", LOGIN);

        assertThat(w.subject()).isEqualTo("user-1");
        assertThat(w.replayed()).isFalse();
        assertThat(w.interactionId()).startsWith(Interaction.RESERVED_PREFIX + "link:");
        assertThat(w.records()).extracting(ConsentRecord::purposeId).containsExactly(ANALYTICS, EMAIL, SMS);
        assertThat(w.records())
                .extracting(ConsentRecord::action)
                .containsExactly(Action.OBJECTED, Action.WITHDRAWN, Action.GRANTED);
        ConsentRecord sms = w.records().get(2);
        assertThat(sms.recordedAt()).isEqualTo(linkedAt);
        assertThat(sms.purposeVersion()).isEqualTo(smsOrigin.purposeVersion());
        assertThat(sms.noticeVersion()).as("the notice the person saw").isEqualTo("privacy-2024-02");
        assertThat(sms.collectionPoint()).as("how the link was made").isEqualTo("login_v2");
        Map<java.util.UUID, Evidence> evidence = cs.ledger().evidence("user-1");
        assertThat(evidence.get(sms.id()).attributes())
                .containsEntry("linkedFrom", "anon-1")
                .containsEntry("originRecordId", smsOrigin.id().toString());
        assertThat(evidence.get(w.records().get(1).id()).attributes())
                .containsEntry("originRecordId", emailOrigin.id().toString());
        assertThat(evidence.get(w.records().get(0).id()).attributes())
                .containsEntry("originRecordId", analyticsOrigin.id().toString());
        assertThat(cs.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(cs.enforcer().check("user-1", ANALYTICS).reason()).isEqualTo(DecisionReason.OBJECTED);
        assertThat(cs.ledger().history("anon-1"))
                .as("the visitor's history is untouched")
                .isEqualTo(visitorBefore);
        assertThat(cs.enforcer().check("anon-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.ledger().verify("user-1").ok()).isTrue();
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void link_neverOverridesADecisionTheAccountMadeLater_butOverridesAnEarlierOne() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord accountSms =
                cs.ledger().deny("user-1", SMS, WEB).records().get(0);
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().grant("anon-1", EMAIL, WEB);
        cs.ledger().grant("anon-1", SMS, WEB);
        clock.advance(Duration.ofMinutes(1));
        ConsentRecord accountEmail =
                cs.ledger().withdraw("user-1", EMAIL, WEB).records().get(0);
        clock.advance(Duration.ofMinutes(1));

        WriteResult w = cs.ledger().link("anon-1", "user-1", LOGIN);

        assertThat(w.records()).extracting(ConsentRecord::purposeId).containsExactly(SMS);
        assertThat(cs.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check("user-1", EMAIL).recordId()).isEqualTo(accountEmail.id());
        assertThat(cs.ledger().history("user-1"))
                .startsWith(accountSms, accountEmail)
                .hasSize(3);
    }

    @Test
    void carriedGrant_keepsTheOriginalExpiry_andAGrantOfARetiredPurposeIsNotCarried() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord origin = cs.ledger().grant("anon-1", EMAIL, WEB).records().get(0);
        cs.ledger().grant("anon-1", SMS, WEB);
        cs.purposes().define(Fixtures.sms().toBuilder().version(2).retired(true).build());
        clock.advance(Duration.ofDays(30));

        WriteResult w = cs.ledger().link("anon-1", "user-1", LOGIN);

        assertThat(w.records()).extracting(ConsentRecord::purposeId).containsExactly(EMAIL);
        assertThat(w.records().get(0).expiresAt()).isEqualTo(origin.expiresAt());
        clock.advance(Fixtures.EMAIL_MAX_AGE.minusDays(30));
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_EXPIRED);
    }

    @Test
    void linkingTwice_writesNothingNew_andTheLinkIsStoredOnce_readableFromBothSides() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("anon-1", EMAIL, WEB);
        clock.advance(Duration.ofMinutes(1));
        WriteResult first = cs.ledger().link("anon-1", "user-1", LOGIN);
        long head = cs.ledger().headPosition();
        clock.advance(Duration.ofMinutes(1));

        WriteResult again = cs.ledger().link("anon-1", "user-1", LOGIN);

        assertThat(again.replayed()).isTrue();
        assertThat(again.records()).isEqualTo(first.records());
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        SubjectLink link = new SubjectLink(
                "anon-1",
                "user-1",
                first.interactionId(),
                first.records().get(0).recordedAt());
        assertThat(cs.ledger().links("user-1")).containsExactly(link);
        assertThat(cs.ledger().links("anon-1")).containsExactly(link);
        assertThat(system().ledger().links("user-1")).as("from the store").containsExactly(link);
        assertThat(cs.ledger().links("stranger")).isEmpty();
    }

    @Test
    void linkingAgain_afterNewDecisionsOfTheVisitor_carriesOnlyThose() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("anon-1", EMAIL, WEB);
        clock.advance(Duration.ofMinutes(1));
        WriteResult first = cs.ledger().link("anon-1", "user-1", LOGIN);
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().grant("anon-1", SMS, WEB);
        clock.advance(Duration.ofMinutes(1));

        WriteResult second = cs.ledger().link("anon-1", "user-1", LOGIN);

        assertThat(second.interactionId()).isNotEqualTo(first.interactionId());
        assertThat(second.records()).extracting(ConsentRecord::purposeId).containsExactly(SMS);
        assertThat(cs.ledger().links("user-1"))
                .extracting(SubjectLink::interactionId)
                .containsExactly(first.interactionId(), second.interactionId());
    }

    @Test
    void aVisitorWithoutDecisions_isStillLinked_andNothingIsCarried() {
        ConsentSystem cs = systemWithPurposes();

        WriteResult w = cs.ledger().link("anon-1", "user-1", LOGIN);

        assertThat(w.records()).isEmpty();
        assertThat(cs.ledger().history("user-1")).isEmpty();
        assertThat(cs.ledger().links("anon-1")).singleElement().satisfies(l -> {
            assertThat(l.accountId()).isEqualTo("user-1");
            assertThat(l.linkedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void linkingAnErasedOrDeceasedSubject_isRejected_namingIt_andWritesNothing() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("anon-erased", EMAIL, WEB);
        cs.ledger().erase("anon-erased", WEB);
        cs.ledger().grant("anon-ok", EMAIL, WEB);
        cs.ledger().markDeceased("user-dead", WEB);
        cs.ledger().erase("user-erased", WEB);
        long head = cs.ledger().headPosition();

        assertThatThrownBy(() -> cs.ledger().link("anon-erased", "user-1", LOGIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("anonymousId")
                .hasMessageContaining("erased");
        assertThatThrownBy(() -> cs.ledger().link("anon-ok", "user-dead", LOGIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("accountId")
                .hasMessageContaining("deceased");
        assertThatThrownBy(() -> cs.ledger().link("anon-ok", "user-erased", LOGIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> cs.ledger().link("user-dead", "anon-ok", LOGIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("anonymousId");
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        for (String s : List.of("anon-erased", "anon-ok", "user-1", "user-dead", "user-erased")) {
            assertThat(cs.ledger().links(s)).isEmpty();
        }
    }

    @Test
    void badInput_isRejected_namingTheField_andWritesNothing() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("anon-1", EMAIL, WEB);
        long head = cs.ledger().headPosition();
        CollectionContext spoofing = CollectionContext.builder(Channel.WEB)
                .evidence(new Evidence(null, null, Map.of("originRecordId", "x")))
                .build();

        assertThatThrownBy(() -> cs.ledger().link("anon-1", "anon-1", LOGIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> cs.ledger().link(" ", "user-1", LOGIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("anonymousId");
        assertThatThrownBy(() -> cs.ledger().link("anon-1", "user\u0000", LOGIN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> cs.ledger().link("anon-1", "user-1", spoofing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("originRecordId");
        assertThatThrownBy(() -> cs.ledger().links(""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.ledger().links("anon-1")).isEmpty();
    }

    @Test
    void aLinkInterruptedBeforeItWasStored_isCompletedByLinkingAgain() {
        LinkFailsOnce failing = new LinkFailsOnce(store);
        ConsentSystem cs = systemOver(failing, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("anon-1", EMAIL, WEB);
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> cs.ledger().link("anon-1", "user-1", LOGIN))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("link again");
        assertThat(cs.ledger().history("user-1")).hasSize(1);
        assertThat(cs.ledger().links("user-1")).isEmpty();
        clock.advance(Duration.ofMinutes(1));

        WriteResult retry = cs.ledger().link("anon-1", "user-1", LOGIN);

        assertThat(retry.replayed()).isTrue();
        assertThat(cs.ledger().history("user-1")).hasSize(1);
        assertThat(cs.ledger().links("user-1"))
                .singleElement()
                .satisfies(l -> assertThat(l.linkedAt())
                        .isEqualTo(retry.records().get(0).recordedAt()));
    }

    @Test
    void manyThreadsLinkingTheSamePair_carryEachDecisionOnce_andStoreOneLink() throws Exception {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("anon-1", EMAIL, WEB);
        cs.ledger().deny("anon-1", SMS, WEB);
        clock.advance(Duration.ofMinutes(1));
        List<ConsentSystem> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(system());
        }
        int threads = 8;
        List<Thread> running = new ArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            ConsentSystem node = nodes.get(t % nodes.size());
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    node.ledger().link("anon-1", "user-1", LOGIN);
                } catch (Exception | AssertionError e) {
                    failures.incrementAndGet();
                }
            });
            th.start();
            running.add(th);
        }
        start.countDown();
        for (Thread th : running) {
            th.join(30_000);
        }

        assertThat(failures.get()).isZero();
        assertThat(cs.ledger().history("user-1"))
                .extracting(ConsentRecord::purposeId)
                .containsExactly(EMAIL, SMS);
        assertThat(cs.ledger().links("user-1")).hasSize(1);
        assertThat(cs.ledger().verify("user-1").ok()).isTrue();
    }

    /** A store whose first {@code saveLink} fails as a lost connection does. */
    private static final class LinkFailsOnce extends ForwardingStore {
        private final AtomicBoolean failed = new AtomicBoolean();

        LinkFailsOnce(ConsentStore delegate) {
            super(delegate);
        }

        @Override
        public void saveLink(SubjectLink link) {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated outage: connection reset");
            }
            super.saveLink(link);
        }
    }
}
