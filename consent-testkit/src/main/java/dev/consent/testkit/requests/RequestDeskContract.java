package dev.consent.testkit.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.requests.DataSubjectRequest;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.DenialReason;
import dev.consent.requests.NewRequest;
import dev.consent.requests.RequestEventType;
import dev.consent.requests.RequestKind;
import dev.consent.requests.RequestReport;
import dev.consent.requests.RequestStatus;
import dev.consent.requests.RequestStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the desk of data-subject requests does over a store: each request a case of append-only events with
 * actor and time, deadlines by the jurisdiction's rule, transitions only in order, an extension once, the
 * queries a data-protection officer runs, and the report's figures. A store module runs it by subclassing.
 */
public abstract class RequestDeskContract {
    /** Received on the last day of January of a leap year: GDPR due 29 February, extendable to 30 April. */
    protected static final Instant JAN_31 = Instant.parse("2024-01-31T09:30:00Z");

    private static final Actor DPO = Actor.operator("dpo-1");

    private final List<AutoCloseable> opened = new ArrayList<>();
    /** The clock of the desk, moved by the tests. */
    protected MutableClock clock;
    /** The store the requests are kept in. */
    protected RequestStore requests;
    /** The desk under test. */
    protected DataSubjectRequests desk;

    /** A new, empty consent store. */
    protected abstract ConsentStore newStore();

    /** The request store beside {@code store}. */
    protected abstract RequestStore requestStore(ConsentStore store);

    @BeforeEach
    final void openDesk() {
        clock = new MutableClock(JAN_31);
        ConsentStore store = newStore();
        opened.add(store);
        ConsentSystem consent = ConsentSystem.builder()
                .store(store)
                .clock(clock)
                .feedPollInterval(Duration.ZERO)
                .build();
        opened.add(0, consent);
        requests = requestStore(store);
        desk = DataSubjectRequests.builder()
                .store(requests)
                .consent(consent)
                .clock(clock)
                .build();
        opened.add(0, desk);
    }

    @AfterEach
    final void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private DataSubjectRequest open(String subject, RequestKind kind, String jurisdiction) {
        return desk.open(NewRequest.of(subject, kind, jurisdiction, Channel.EMAIL), DPO);
    }

    private void advanceDays(long days) {
        clock.advance(Duration.ofDays(days));
    }

    @Test
    void opening_recordsTheReceipt_withTheDeadlineOfTheJurisdiction_andTheEvidence() {
        DataSubjectRequest r = desk.open(
                NewRequest.of("alice", RequestKind.ACCESS, "EU", Channel.EMAIL)
                        .withId("dsr-1")
                        .withEvidence("message-id", "<m1@example.org>"),
                DPO);

        DataSubjectRequest read = desk.get("dsr-1");
        assertThat(read).isEqualTo(r);
        assertThat(read.subject()).isEqualTo("alice");
        assertThat(read.kind()).isEqualTo(RequestKind.ACCESS);
        assertThat(read.channel()).isEqualTo(Channel.EMAIL);
        assertThat(read.receivedAt()).isEqualTo(JAN_31);
        assertThat(read.receivedOn()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(read.due()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(read.extendableTo()).isEqualTo(LocalDate.of(2024, 4, 30));
        assertThat(read.noticeBy()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(read.status()).isEqualTo(RequestStatus.RECEIVED);
        assertThat(read.receiptEvidence()).containsEntry("message-id", "<m1@example.org>");
        assertThat(read.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(RequestEventType.RECEIVED);
            assertThat(e.actor()).isEqualTo(DPO);
            assertThat(e.at()).isEqualTo(JAN_31);
        });
        assertThat(read.daysLeft(desk.today())).isEqualTo(29);
    }

    @Test
    void ccpa_isDue45DaysAfterReceipt_extendableTo90_andAnOptOut_in15BusinessDays_withoutExtension() {
        DataSubjectRequest know = open("bob", RequestKind.ACCESS, "US-CA");
        DataSubjectRequest optOut = open("bob", RequestKind.OPT_OUT_OF_SALE_OR_SHARING, "US-CA");

        assertThat(know.due()).isEqualTo(LocalDate.of(2024, 3, 16));
        assertThat(know.extendableTo()).isEqualTo(LocalDate.of(2024, 4, 30));
        // Wednesday 31 January 2024 + 15 business days = Wednesday 21 February.
        assertThat(optOut.due()).isEqualTo(LocalDate.of(2024, 2, 21));
        assertThat(optOut.extendableTo()).isNull();
        assertThatThrownBy(() -> desk.extend(optOut.id(), DPO, "complex", LocalDate.of(2024, 2, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("allows no extension");
        assertThat(requests.events(optOut.id())).hasSize(1);
    }

    @Test
    void reopeningWithTheSameId_returnsTheRequest_andWritesNothing_butAnotherKindUnderItIsRejected() {
        NewRequest first =
                NewRequest.of("alice", RequestKind.ERASURE, "EU", Channel.WEB).withId("dsr-7");
        DataSubjectRequest opened = desk.open(first, DPO);
        advanceDays(1);

        assertThat(desk.open(first, DPO)).isEqualTo(opened);
        assertThatThrownBy(() -> desk.open(
                        NewRequest.of("alice", RequestKind.ACCESS, "EU", Channel.WEB)
                                .withId("dsr-7"),
                        DPO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("id")
                .hasMessageContaining("dsr-7");
        assertThat(requests.events("dsr-7")).hasSize(1);
    }

    @Test
    void anUnknownJurisdiction_isRejected_namingIt_andNothingIsWritten() {
        assertThatThrownBy(() -> desk.open(
                        NewRequest.of("alice", RequestKind.ACCESS, "ATLANTIS", Channel.WEB)
                                .withId("dsr-x"),
                        DPO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jurisdiction")
                .hasMessageContaining("ATLANTIS");
        assertThat(requests.events("dsr-x")).isEmpty();
        assertThat(desk.open()).isEmpty();
    }

    @Test
    void theLifecycle_runsInOrder_eachTransitionAnEventWithActorAndTime() {
        DataSubjectRequest r = open("alice", RequestKind.RECTIFICATION, "EU");
        advanceDays(1);
        desk.verifyIdentity(r.id(), DPO, "signed-in account");
        advanceDays(1);
        desk.start(r.id(), Actor.operator("clerk-2"));
        advanceDays(3);
        DataSubjectRequest done = desk.complete(r.id(), DPO, "address corrected");

        assertThat(done.status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(done.closedAt()).isEqualTo(JAN_31.plus(Duration.ofDays(5)));
        assertThat(done.daysToAnswer()).isEqualTo(5);
        assertThat(done.answeredInTime()).isTrue();
        assertThat(desk.get(r.id()).events())
                .extracting(e -> e.type(), e -> e.actor(), e -> e.at())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RequestEventType.RECEIVED, DPO, JAN_31),
                        org.assertj.core.groups.Tuple.tuple(
                                RequestEventType.IDENTITY_VERIFIED, DPO, JAN_31.plus(Duration.ofDays(1))),
                        org.assertj.core.groups.Tuple.tuple(
                                RequestEventType.STARTED, Actor.operator("clerk-2"), JAN_31.plus(Duration.ofDays(2))),
                        org.assertj.core.groups.Tuple.tuple(
                                RequestEventType.COMPLETED, DPO, JAN_31.plus(Duration.ofDays(5))));
        assertThat(desk.get(r.id()).events().get(1).detail("method")).isEqualTo("signed-in account");
    }

    @Test
    void transitionsOutOfOrder_areRejected_namingTheStatus_andNothingIsWritten() {
        DataSubjectRequest r = open("alice", RequestKind.ERASURE, "EU");

        assertThatThrownBy(() -> desk.complete(r.id(), DPO, "done"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("RECEIVED");
        assertThatThrownBy(() -> desk.start(r.id(), DPO)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> desk.completePartially(r.id(), DPO, "some")).isInstanceOf(InvalidInputException.class);
        desk.verifyIdentity(r.id(), DPO, "id card");
        assertThatThrownBy(() -> desk.verifyIdentity(r.id(), DPO, "again")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> desk.rejectIdentity(r.id(), DPO, "late")).isInstanceOf(InvalidInputException.class);
        assertThat(requests.events(r.id())).hasSize(2);

        desk.deny(r.id(), DPO, DenialReason.EXEMPT, "legal hold");
        assertThatThrownBy(() -> desk.start(r.id(), DPO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("DENIED");
        assertThatThrownBy(() -> desk.deny(r.id(), DPO, DenialReason.OTHER, "twice"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(requests.events(r.id())).hasSize(3);
        assertThatThrownBy(() -> desk.get("no-such-request"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no-such-request");
    }

    @Test
    void aRejectedIdentity_deniesTheRequestAsNotVerifiable() {
        DataSubjectRequest r = open("mallory", RequestKind.ACCESS, "EU");

        DataSubjectRequest denied = desk.rejectIdentity(r.id(), DPO, "documents did not match");

        assertThat(denied.status()).isEqualTo(RequestStatus.DENIED);
        assertThat(denied.denialReason()).isEqualTo(DenialReason.NOT_VERIFIABLE);
        assertThat(desk.get(r.id())).isEqualTo(denied);
    }

    @Test
    void anExtension_movesTheDeadlineOnce_whenTheSubjectWasToldWithinTheFirstPeriod() {
        DataSubjectRequest r = open("alice", RequestKind.ACCESS, "EU");
        advanceDays(10);

        assertThatThrownBy(() -> desk.extend(r.id(), DPO, "complex", LocalDate.of(2024, 1, 30)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subjectToldOn");
        assertThatThrownBy(() -> desk.extend(r.id(), DPO, "complex", LocalDate.of(2024, 2, 11)))
                .as("a date in the future")
                .isInstanceOf(InvalidInputException.class);
        DataSubjectRequest extended = desk.extend(r.id(), DPO, "many systems", LocalDate.of(2024, 2, 9));

        assertThat(extended.extended()).isTrue();
        assertThat(extended.due()).isEqualTo(LocalDate.of(2024, 4, 30));
        assertThat(desk.get(r.id()).due()).isEqualTo(LocalDate.of(2024, 4, 30));
        assertThatThrownBy(() -> desk.extend(r.id(), DPO, "again", LocalDate.of(2024, 2, 10)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("once");
        assertThat(requests.events(r.id())).hasSize(2);
    }

    @Test
    void anExtension_toldAfterTheFirstPeriod_isRejected() {
        DataSubjectRequest r = open("alice", RequestKind.ACCESS, "EU");
        advanceDays(40);

        assertThatThrownBy(() -> desk.extend(r.id(), DPO, "too late", LocalDate.of(2024, 3, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2024-02-29");
        assertThat(desk.get(r.id()).extended()).isFalse();
    }

    @Test
    void dueSoonAndOverdue_followTheClock_withDaysLeft() {
        DataSubjectRequest eu = open("alice", RequestKind.ACCESS, "EU"); // due 2024-02-29
        DataSubjectRequest ca = open("bob", RequestKind.OPT_OUT_OF_SALE_OR_SHARING, "US-CA"); // due 2024-02-21
        DataSubjectRequest closed = open("carol", RequestKind.ACCESS, "EU");
        desk.deny(closed.id(), DPO, DenialReason.MANIFESTLY_UNFOUNDED, "repetitive");

        assertThat(desk.open()).extracting(DataSubjectRequest::id).containsExactly(ca.id(), eu.id());
        assertThat(desk.dueWithin(20)).isEmpty();
        assertThat(desk.dueWithin(21)).extracting(DataSubjectRequest::id).containsExactly(ca.id());

        clock.advance(Duration.ofDays(21)); // 2024-02-21: the opt-out's last day
        assertThat(desk.dueWithin(0)).extracting(DataSubjectRequest::id).containsExactly(ca.id());
        assertThat(desk.overdue()).isEmpty();

        clock.advance(Duration.ofDays(1));
        assertThat(desk.overdue()).extracting(DataSubjectRequest::id).containsExactly(ca.id());
        assertThat(desk.overdue().get(0).daysLeft(desk.today())).isEqualTo(-1);
        assertThat(desk.dueWithin(7)).extracting(DataSubjectRequest::id).containsExactly(eu.id());
        assertThat(desk.dueWithin(7).get(0).daysLeft(desk.today())).isEqualTo(7);
        assertThatThrownBy(() -> desk.dueWithin(-1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void byStatus_andReceivedInAPeriod_areExactAtTheBoundaries() {
        DataSubjectRequest a = open("alice", RequestKind.ACCESS, "EU");
        clock.advance(Duration.ofMillis(1));
        DataSubjectRequest b = open("bob", RequestKind.ACCESS, "EU");
        desk.verifyIdentity(b.id(), DPO, "email link");

        Instant end = JAN_31.plusMillis(1);
        assertThat(desk.received(JAN_31, end))
                .extracting(DataSubjectRequest::id)
                .containsExactly(a.id());
        assertThat(desk.received(end, end.plusMillis(1)))
                .extracting(DataSubjectRequest::id)
                .containsExactly(b.id());
        assertThat(desk.withStatus(RequestStatus.VERIFIED, JAN_31, end.plusSeconds(1)))
                .extracting(DataSubjectRequest::id)
                .containsExactly(b.id());
        assertThatThrownBy(() -> desk.received(end, end)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theReport_countsPerKind_complied_denied_byReason_daysToAnswer_andDeadlinesMet() {
        // Three access requests answered after 2, 4 and 40 days (the last one late), one pending.
        for (int days : new int[] {2, 4, 40}) {
            DataSubjectRequest r = open("s" + days, RequestKind.ACCESS, "EU");
            desk.verifyIdentity(r.id(), DPO, "account");
            desk.start(r.id(), DPO);
        }
        DataSubjectRequest pending = open("pending", RequestKind.ACCESS, "EU");
        DataSubjectRequest unfounded = open("u", RequestKind.ERASURE, "EU");
        DataSubjectRequest unverified = open("v", RequestKind.ERASURE, "EU");
        List<DataSubjectRequest> access = desk.withStatus(RequestStatus.IN_PROGRESS, JAN_31, JAN_31.plusSeconds(1));
        assertThat(access).hasSize(3);
        advanceDays(2);
        desk.complete(access.get(0).id(), DPO, "sent");
        desk.deny(unfounded.id(), DPO, DenialReason.MANIFESTLY_UNFOUNDED, "fifth in a week");
        advanceDays(2);
        desk.completePartially(access.get(1).id(), DPO, "one archive unreadable");
        desk.rejectIdentity(unverified.id(), DPO, "no reply");
        advanceDays(36);
        desk.complete(access.get(2).id(), DPO, "sent late");

        RequestReport report = desk.report(JAN_31, JAN_31.plus(Duration.ofDays(60)));

        RequestReport.Row row = report.row(RequestKind.ACCESS);
        assertThat(row.received()).isEqualTo(4);
        assertThat(row.completed()).isEqualTo(2);
        assertThat(row.partiallyCompleted()).isEqualTo(1);
        assertThat(row.denied()).isZero();
        assertThat(row.open()).isEqualTo(1);
        assertThat(row.answeredInTime()).isEqualTo(2);
        assertThat(row.answeredLate()).isEqualTo(1);
        assertThat(row.overdue()).as(pending.id() + " is past 29 February").isEqualTo(1);
        assertThat(row.medianDays()).isEqualTo(4.0);
        assertThat(row.meanDays()).isEqualTo((2 + 4 + 40) / 3.0);
        RequestReport.Row erasure = report.row(RequestKind.ERASURE);
        assertThat(erasure.received()).isEqualTo(2);
        assertThat(erasure.denied()).isEqualTo(2);
        assertThat(erasure.deniedByReason())
                .containsEntry(DenialReason.MANIFESTLY_UNFOUNDED, 1L)
                .containsEntry(DenialReason.NOT_VERIFIABLE, 1L)
                .containsEntry(DenialReason.EXEMPT, 0L);
        assertThat(erasure.medianDays()).isEqualTo(3.0);
        assertThat(report.row(RequestKind.OBJECTION).received()).isZero();
        assertThat(report.row(RequestKind.OBJECTION).medianDays()).isNull();
        assertThat(report.toJson().at("/kinds/ACCESS/answeredLate").asLong()).isEqualTo(1);
        assertThat(report.toTable()).contains("OPT_OUT_OF_SALE_OR_SHARING");
    }

    @Test
    void racingTransitions_oneWins_theOthersSeeTheNewStatus_andTheHistoryHasNoGap() throws Exception {
        int threads = 8;
        for (int round = 0; round < 10; round++) {
            DataSubjectRequest r = open("racer-" + round, RequestKind.ACCESS, "EU");
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger won = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        desk.verifyIdentity(r.id(), DPO, "id");
                        won.incrementAndGet();
                    } catch (InvalidInputException | dev.consent.requests.RequestConflictException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(won.get()).as("round " + round).isEqualTo(1);
            assertThat(refused.get()).isEqualTo(threads - 1);
            assertThat(requests.events(r.id())).extracting(e -> e.sequence()).containsExactly(1, 2);
        }
    }

    @Test
    void badInput_isRejected_namingTheField() {
        assertThatThrownBy(() -> NewRequest.of(" ", RequestKind.ACCESS, "EU", Channel.WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> NewRequest.of("alice", RequestKind.ACCESS, "", Channel.WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jurisdiction");
        DataSubjectRequest r = open("alice", RequestKind.ACCESS, "EU");
        assertThatThrownBy(() -> desk.deny(r.id(), DPO, DenialReason.OTHER, ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("note");
        assertThat(requests.events(r.id())).hasSize(1);
    }
}
