package dev.consent.testkit.relay;

import static dev.consent.testkit.relay.Relays.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.relay.ChangeMessage;
import dev.consent.relay.DeadLetter;
import dev.consent.relay.Relay;
import dev.consent.relay.RelayStatus;
import dev.consent.relay.WebhookSink;
import dev.consent.spi.ChangeSink;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.ForwardingStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay against a real webhook receiver on loopback, over one store and its relay state: normal
 * delivery, a receiver failing, down and back, a sink that never succeeds, a relay killed mid-delivery, two
 * instances racing, routing by recipient. Each test prints its figures: changes produced, delivered,
 * duplicates (allowed), lost (must be 0), max and p99 lag from the change to its arrival.
 */
public abstract class RelayContract {
    static final String EMAIL = "marketing.email";
    static final String ANALYTICS = "analytics.product";
    static final CollectionContext WEB = Fixtures.WEB;

    private ConsentStore store;
    private ConsentSystem system;
    private Receiver receiver;
    private final List<Relay> relays = new ArrayList<>();

    /** A fresh, empty store; closed after the test. */
    protected abstract ConsentStore newStore();

    /**
     * The relay state over {@code store} as one node sees it; called once per relay instance, so a JDBC
     * store hands out a new object over the same tables each time.
     */
    protected abstract RelayState relayState(ConsentStore store);

    @BeforeEach
    final void open() throws Exception {
        store = newStore();
        system = ConsentSystem.builder()
                .store(new ForwardingStore(store))
                .clock(Clock.systemUTC())
                .feedPollInterval(Duration.ZERO)
                .build();
        system.purposes()
                .define(Purpose.builder(EMAIL)
                        .title("Marketing e-mail")
                        .description("News by e-mail.")
                        .legalBasis(LegalBasis.CONSENT)
                        .recipients(List.of("mailer", "crm"))
                        .build());
        system.purposes()
                .define(Purpose.builder(ANALYTICS)
                        .title("Analytics")
                        .description("Usage counts.")
                        .legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                        .recipients(List.of("analytics"))
                        .build());
        receiver = new Receiver();
    }

    @AfterEach
    final void closeAll() {
        relays.forEach(Relay::close);
        receiver.close();
        system.close();
        store.close();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aWithdrawal_reachesTheWebhook_signed_withItsOldAndNewStatus_recipients_andFingerprint() {
        system.ledger().grant("ada", EMAIL, WEB);
        system.ledger().withdraw("ada", EMAIL, WEB);
        Relay relay = started(relay("email", webhook()));

        awaitKeys(2);

        List<Receiver.Arrival> arrivals = receiver.arrivals();
        ChangeMessage withdrawal = arrivals.get(1).message();
        ConsentRecord record = store.readFeed(1, 1).get(0);
        assertThat(withdrawal.action()).isEqualTo(Action.WITHDRAWN);
        assertThat(withdrawal.oldStatus()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(withdrawal.newStatus()).isEqualTo(ConsentStatus.WITHDRAWN);
        assertThat(arrivals.get(0).message().oldStatus()).isEqualTo(ConsentStatus.NONE);
        assertThat(withdrawal.key()).isEqualTo(record.id().toString());
        assertThat(withdrawal.subject()).isEqualTo("ada");
        assertThat(withdrawal.subjectSequence()).isEqualTo(2);
        assertThat(withdrawal.position()).isEqualTo(2);
        assertThat(withdrawal.purposeVersion()).isEqualTo(1);
        assertThat(withdrawal.recordedAt()).isEqualTo(record.recordedAt());
        assertThat(withdrawal.recipients()).containsExactly("mailer", "crm");
        assertThat(withdrawal.registryFingerprint()).isEqualTo(system.purposes().fingerprint());
        assertThat(receiver.badSignatures()).isZero();
        await("checkpoint at the head", () -> relay.status().checkpoint() == 2);
        RelayStatus status = relay.status();
        assertThat(status.behind()).isZero();
        assertThat(status.oldestUndeliveredAge()).isZero();
        assertThat(status.delivered()).isEqualTo(2);
        assertThat(status.leaseHeld()).isTrue();
    }

    @Test
    void normalDelivery_everyChangeArrivesOnce_inPerSubjectOrder() throws Exception {
        Relay relay = started(relay("email", webhook()));

        int produced = produce(12, 20, 4);

        awaitKeys(produced);
        await("checkpoint at the head", () -> relay.status().checkpoint() == produced);
        DeliveryFigures f = figures("normal delivery");
        assertThat(f.lost()).isZero();
        assertThat(f.duplicates()).isZero();
        assertPerSubjectOrder();
    }

    @Test
    void aReceiverFailingTheFirstAttempts_getsEveryChangeAfterRetries_withoutDeadLetters() throws Exception {
        receiver.failNext(4, 503);
        Relay relay = started(relay("email", webhook()));

        int produced = produce(3, 4, 1);

        awaitKeys(produced);
        DeliveryFigures f = figures("receiver failing the first 4 attempts");
        assertThat(f.lost()).isZero();
        assertThat(relay.status().failedAttempts()).isEqualTo(4);
        assertThat(relay.deadLetters()).isEmpty();
        assertPerSubjectOrder();
    }

    @Test
    void aReceiverDownForAWhile_getsEveryChangeWhenBack_andTheLagShowsMeanwhile() throws Exception {
        Relay relay = started(relay("email", webhook(), b -> b.maxAttempts(1_000)));
        system.ledger().grant("first", EMAIL, WEB);
        awaitKeys(1);

        receiver.goDown();
        int produced = 1 + produce(4, 5, 2);
        Thread.sleep(700);
        RelayStatus during = relay.status();
        receiver.comeBack();

        awaitKeys(produced);
        assertThat(during.behind()).isPositive();
        assertThat(during.oldestUndeliveredAge()).isPositive();
        assertThat(during.failedAttempts()).isPositive();
        DeliveryFigures f = figures("receiver down for 700 ms and back");
        assertThat(f.lost()).isZero();
        assertThat(relay.deadLetters()).isEmpty();
        assertPerSubjectOrder();
        await("no lag left", () -> relay.status().behind() == 0);
    }

    @Test
    void aSinkThatKeepsFailing_deadLettersEachChange_whileAnotherRelayDeliversEverything_andRedriveDelivers()
            throws Exception {
        List<ChangeMessage> redriven = new ArrayList<>();
        boolean[] crmUp = {false};
        ChangeSink crm = m -> {
            synchronized (redriven) {
                if (!crmUp[0]) {
                    throw new IllegalStateException("crm is down");
                }
                redriven.add(m);
            }
        };
        Relay failing = started(relay("crm", crm, b -> b.maxAttempts(3)));
        started(relay("email", webhook()));

        int produced = produce(2, 3, 1);

        awaitKeys(produced);
        await("every change dead-lettered", () -> failing.deadLetters().size() == produced);
        await("checkpoint past the dead letters", () -> failing.status().checkpoint() == produced);
        List<DeadLetter> letters = failing.deadLetters();
        assertThat(letters).extracting(DeadLetter::attempts).containsOnly(3);
        assertThat(letters.get(0).error()).contains("IllegalStateException").contains("crm is down");
        assertThat(letters.get(0).message().position()).isEqualTo(1);
        assertThat(failing.status().deadLetters()).isEqualTo(produced);
        assertThat(failing.status().checkpoint()).isEqualTo(produced);

        synchronized (redriven) {
            crmUp[0] = true;
        }
        for (DeadLetter letter : letters) {
            assertThat(failing.redrive(letter.position())).isTrue();
        }
        assertThat(failing.deadLetters()).isEmpty();
        assertThat(redriven)
                .extracting(ChangeMessage::position)
                .containsExactly(letters.stream().map(DeadLetter::position).toArray(Long[]::new));
        assertThat(failing.redrive(1)).isFalse();
    }

    @Test
    void aRelayKilledMidDelivery_isReplacedFromTheCheckpoint_andNothingIsLost() throws Exception {
        int produced = produce(4, 5, 2);
        receiver.hangAfter(7);
        Relay first = started(relay("email", webhook(), b -> b.owner("node-a")));
        await("the 8th message held", () -> receiver.keys().size() == 8);

        Relays.abandon(first);
        Relay second = started(relay("email", webhook(), b -> b.owner("node-b")));

        awaitKeys(produced);
        await("checkpoint at the head", () -> second.status().checkpoint() == produced);
        receiver.release();
        DeliveryFigures f = figures("relay killed mid-delivery, another takes over");
        assertThat(f.lost()).isZero();
        assertThat(f.duplicates()).as("the change in flight is delivered again").isGreaterThanOrEqualTo(1);
        assertThat(first.status().delivered()).isEqualTo(7);
        assertPerSubjectOrder();
    }

    @Test
    void twoInstancesRacing_neverDeliverAtOnce_andTheSecondTakesOverWhenTheFirstStops() throws Exception {
        Relay a = started(relay("email", webhook(), Duration.ofSeconds(3)).owner("node-a"));
        Relay b = started(relay("email", webhook(), Duration.ofSeconds(3)).owner("node-b"));

        int first = produce(6, 5, 3);
        awaitKeys(first);
        Relay holder = a.status().leaseHeld() ? a : b;
        Relay other = holder == a ? b : a;
        assertThat(other.status().leaseHeld()).isFalse();
        assertThat(other.status().delivered()).isZero();
        holder.close();
        int second = produce(6, 5, 3);

        awaitKeys(first + second);
        await("checkpoint at the head", () -> other.status().checkpoint() == first + second);
        DeliveryFigures f = figures("two instances racing, the holder stops midway");
        assertThat(f.lost()).isZero();
        assertThat(receiver.maxInFlight()).as("requests in flight at once").isEqualTo(1);
        assertThat(other.status().delivered()).isGreaterThanOrEqualTo(second);
        assertPerSubjectOrder();
    }

    @Test
    void aHolderStuckPastItsLease_losesIt_andItsLateAcknowledgement_doesNotMoveTheCheckpoint() throws Exception {
        int produced = produce(2, 3, 1);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch unstick = new CountDownLatch(1);
        ChangeSink hanging = m -> {
            stuck.countDown();
            unstick.await();
        };
        Relay first = started(relay("email", hanging, Duration.ofMillis(500)).owner("node-a"));
        assertThat(stuck.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Relay second = started(relay("email", webhook(), Duration.ofMillis(500)).owner("node-b"));

        awaitKeys(produced);
        await("checkpoint at the head", () -> second.status().checkpoint() == produced);
        unstick.countDown();
        await("the stuck instance noticed", () -> !first.status().leaseHeld());

        assertThat(second.status().checkpoint()).isEqualTo(produced);
        assertThat(second.status().leaseHeld()).isTrue();
        assertThat(first.status().delivered()).isEqualTo(1);
        assertThat(figures("holder stuck past its lease").lost()).isZero();
    }

    @Test
    void aRecipientSink_getsOnlyThePurposesNamingIt_andEveryLifecycleChange() throws Exception {
        Relay relay = started(relay("analytics", ChangeSink.forRecipient("analytics", webhook())));
        system.ledger().grant("ada", EMAIL, WEB);
        system.ledger().object("ada", ANALYTICS, WEB);
        system.ledger().erase("ada", WEB);

        await("checkpoint at the head", () -> relay.status().checkpoint() == 3);

        // delivery is at least once: an instance whose lease ran out on a busy machine may deliver again
        java.util.Set<String> keys = new java.util.HashSet<>();
        List<ChangeMessage> delivered = receiver.arrivals().stream()
                .map(a -> a.message())
                .filter(m -> keys.add(m.key()))
                .toList();
        assertThat(delivered).extracting(ChangeMessage::action).containsExactly(Action.OBJECTED, Action.SUBJECT_ERASED);
        ChangeMessage erasure = delivered.get(1);
        assertThat(erasure.purpose()).isNull();
        assertThat(erasure.oldStatus()).isNull();
        assertThat(erasure.recipients()).containsExactly("analytics", "crm", "mailer");
        // at least once: an instance that re-reads its batch after a late lease renewal skips it again
        assertThat(relay.status().skipped()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRecipientAddedByALaterVersion_hearsOnlyOfPeopleWhoAgreedToIt() throws Exception {
        system.ledger().grant("ada", EMAIL, WEB);
        system.purposes()
                .define(system.purposes().get(EMAIL).toBuilder()
                        .version(2)
                        .recipients(List.of("mailer", "crm", "partner"))
                        .build());
        system.ledger().withdraw("ada", EMAIL, WEB); // recorded against version 2
        system.ledger().grant("bea", EMAIL, WEB);
        system.ledger().deny("cyd", EMAIL, WEB);
        system.ledger().erase("ada", WEB);
        Relay all = started(relay("all", webhook()));
        List<ChangeMessage> toPartner = new java.util.concurrent.CopyOnWriteArrayList<>();
        Relay partner = started(relay("partner", ChangeSink.forRecipient("partner", toPartner::add)));

        await(
                "both at the head",
                () -> all.status().checkpoint() == 5 && partner.status().checkpoint() == 5);

        Map<String, ChangeMessage> byKey = new java.util.HashMap<>();
        receiver.arrivals().forEach(a -> byKey.putIfAbsent(a.message().key(), a.message()));
        List<ChangeMessage> delivered = new ArrayList<>(byKey.values());
        delivered.sort(java.util.Comparator.comparingLong(ChangeMessage::position));
        assertThat(delivered)
                .extracting(ChangeMessage::recipients)
                .containsExactly(
                        List.of("mailer", "crm"), // ada's grant of version 1
                        List.of("mailer", "crm"), // her withdrawal: those of the version she agreed to
                        List.of("mailer", "crm", "partner"), // bea's grant of version 2
                        List.of(), // cyd's refusal: no recipient was ever entitled to cyd's data
                        List.of("analytics", "crm", "mailer")); // ada's erasure: never the partner
        assertThat(toPartner)
                .as("only bea's grant reaches the partner (at least once)")
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.subject()).isEqualTo("bea"));
    }

    // ------------------------------------------------------------------ helpers

    private Relay.Builder relay(String name, ChangeSink sink) {
        return relay(name, sink, Duration.ofSeconds(1));
    }

    private Relay.Builder relay(String name, ChangeSink sink, Duration lease) {
        return Relay.builder(name)
                .store(store)
                .purposes(system.purposes())
                .state(relayState(store))
                .sink(sink)
                .leaseDuration(lease)
                .pollInterval(Duration.ofMillis(20))
                .initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(200));
    }

    private Relay.Builder relay(String name, ChangeSink sink, java.util.function.Consumer<Relay.Builder> more) {
        Relay.Builder b = relay(name, sink);
        more.accept(b);
        return b;
    }

    private Relay started(Relay.Builder builder) {
        Relay relay = builder.build();
        relays.add(relay);
        return relay.start();
    }

    private WebhookSink webhook() {
        return WebhookSink.builder(receiver.uri())
                .secret(Receiver.SECRET)
                .requestTimeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(1))
                .build();
    }

    /** Grants and withdraws e-mail consent for {@code subjects} subjects from {@code threads} threads. */
    private int produce(int subjects, int perSubject, int threads) throws InterruptedException {
        String run = Long.toString(System.nanoTime(), 36);
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(
                            () -> {
                                try {
                                    for (int s = thread; s < subjects; s += threads) {
                                        for (int i = 0; i < perSubject; i++) {
                                            String subject = "s" + run + "-" + s;
                                            if (i % 2 == 0) {
                                                system.ledger().grant(subject, EMAIL, WEB);
                                            } else {
                                                system.ledger().withdraw(subject, EMAIL, WEB);
                                            }
                                        }
                                    }
                                } catch (Throwable e) {
                                    synchronized (failures) {
                                        failures.add(e);
                                    }
                                } finally {
                                    done.countDown();
                                }
                            },
                            "producer-" + t)
                    .start();
        }
        done.await();
        assertThat(failures).isEmpty();
        return subjects * perSubject;
    }

    private void awaitKeys(int n) {
        await(n + " distinct changes at the receiver", () -> receiver.keys().size() >= n);
    }

    private void assertPerSubjectOrder() {
        for (Map.Entry<String, List<Long>> e : receiver.firstArrivalOrder().entrySet()) {
            assertThat(e.getValue()).as("order of %s", e.getKey()).isSorted();
        }
    }

    private DeliveryFigures figures(String scenario) {
        return DeliveryFigures.of(store, receiver, scenario);
    }
}
