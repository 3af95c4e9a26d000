package dev.consent.testkit.requests;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.InvalidInputException;
import dev.consent.requests.DataSubjectRequest;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.ErasureResult;
import dev.consent.requests.ErasureStage;
import dev.consent.requests.RequestEvent;
import dev.consent.requests.RequestEventType;
import dev.consent.requests.RequestKind;
import dev.consent.requests.RequestRun;
import dev.consent.requests.RequestStatus;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Carrying erasure requests out ({@link DataSubjectRequests#carryOut}) over a consent store and a request store:
 * erasure stages run in order and the targets of one stage at once, a failing call is retried and recorded, a
 * hanging one times out, the ledger is erased only after every target succeeded, an interrupted step is called
 * again with {@code maybeDoneBefore} and a succeeded one never, and two runners on one request record every call
 * they make exactly once. Access requests: {@link AccessRunContract}.
 */
public abstract class RequestRunnerContract extends RunnerFixture {
    // ---------------------------------------------------------------- erasure

    @Test
    void erasure_stagesRunInOrder_eachAfterEveryTargetOfTheOneBefore_thenTheLedger() {
        Calls calls = new Calls();
        DataSubjectRequests desk =
                desk(b -> b.erasureTarget(ErasureStage.DEPENDENTS, "orders", calls.slow("orders", 30))
                        .erasureTarget(ErasureStage.DEPENDENTS, "uploads", calls.slow("uploads", 10))
                        .erasureTarget(ErasureStage.PRIMARY, "accounts", calls.slow("accounts", 20))
                        .erasureTarget(ErasureStage.INDEXES, "search", calls.slow("search", 5))
                        .erasureTarget(ErasureStage.CACHES, "cache", calls.slow("cache", 15))
                        .erasureTarget(ErasureStage.RECIPIENTS, "mailer", calls.slow("mailer", 1)));
        List<List<String>> stages = List.of(
                List.of("orders", "uploads"),
                List.of("accounts"),
                List.of("search"),
                List.of("cache"),
                List.of("mailer"));

        RequestRun run = desk.carryOut(verified(desk, RequestKind.ERASURE), DPO);

        assertThat(run.request().status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(run.failedSteps()).isEmpty();
        assertThat(calls.all()).hasSize(6);
        int violations = 0;
        for (int i = 1; i < stages.size(); i++) {
            for (String earlier :
                    stages.subList(0, i).stream().flatMap(List::stream).toList()) {
                for (String later : stages.get(i)) {
                    if (calls.of(later).get(0).start()
                            < calls.of(earlier).get(0).end()) {
                        violations++;
                    }
                }
            }
        }
        assertThat(violations).as("calls started before an earlier stage ended").isZero();
        assertThat(run.request().steps().keySet())
                .containsExactly(
                        "erase:orders",
                        "erase:uploads",
                        "erase:accounts",
                        "erase:search",
                        "erase:cache",
                        "erase:mailer",
                        "erase:consent-ledger");
        assertThat(run.request().steps().values()).allMatch(DataSubjectRequest.Step::succeeded);
        assertThat(ledgerErased()).isTrue();
        assertThat(calls.of("orders").get(0).call().key())
                .isEqualTo(run.request().id() + "/erase:orders");
        assertThat(run.request().events(RequestEventType.STEP_STARTED)).hasSize(7);
        assertThat(run.request().events(RequestEventType.STEP_SUCCEEDED)).hasSize(7);
    }

    @Test
    void erasure_targetsOfOneStage_runAtTheSameTime() {
        CountDownLatch bothIn = new CountDownLatch(2);
        Calls calls = new Calls();
        Calls.Behaviour meet = call -> {
            bothIn.countDown();
            if (!bothIn.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other target of the stage never ran alongside");
            }
            return ErasureResult.erased(2);
        };
        DataSubjectRequests desk = desk(b -> b.threads(2)
                .erasureTarget(ErasureStage.PRIMARY, "accounts", calls.target("accounts", meet))
                .erasureTarget(ErasureStage.PRIMARY, "profiles", calls.target("profiles", meet)));

        RequestRun run = desk.carryOut(verified(desk, RequestKind.ERASURE), DPO);

        assertThat(run.request().status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(calls.all()).hasSize(2);
        assertThat(calls.of("accounts").get(0).start())
                .isLessThan(calls.of("profiles").get(0).end());
        assertThat(calls.of("profiles").get(0).start())
                .isLessThan(calls.of("accounts").get(0).end());
    }

    @Test
    void erasure_aTargetFailingOnce_isRetried_andTheFailureAndSuccessAreRecorded() {
        Calls calls = new Calls();
        DataSubjectRequests desk =
                desk(b -> b.erasureTarget(ErasureStage.PRIMARY, "accounts", calls.target("accounts", call -> {
                    if (call.attempt() == 1) {
                        throw new java.io.IOException("connection reset");
                    }
                    return new ErasureResult(3, "3 rows deleted");
                })));

        RequestRun run = desk.carryOut(verified(desk, RequestKind.ERASURE), DPO);

        assertThat(run.request().status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(calls.of("accounts")).hasSize(2);
        assertThat(events(run.request(), "erase:accounts"))
                .containsExactly("STEP_STARTED#1", "STEP_FAILED#1", "STEP_STARTED#2", "STEP_SUCCEEDED#2");
        RequestEvent failed = run.request().events(RequestEventType.STEP_FAILED).get(0);
        assertThat(failed.detail("error")).isEqualTo("java.io.IOException: connection reset");
        RequestEvent succeeded =
                run.request().events(RequestEventType.STEP_SUCCEEDED).get(0);
        assertThat(succeeded.details())
                .containsEntry("summary", "3 rows deleted")
                .containsEntry("items", "3");
        assertThat(run.request().steps().get("erase:accounts").attempts()).isEqualTo(2);
        assertThat(ledgerErased()).isTrue();
    }

    @Test
    void erasure_aTargetThatKeepsFailing_leavesTheRequestInProgress_theLedgerUnerased_andARerunCallsOnlyIt() {
        Calls calls = new Calls();
        AtomicBoolean down = new AtomicBoolean(true);
        DataSubjectRequests desk = desk(b -> b.erasureTarget(ErasureStage.DEPENDENTS, "orders", calls.slow("orders", 0))
                .erasureTarget(ErasureStage.PRIMARY, "crm", calls.target("crm", call -> {
                    if (down.get()) {
                        throw new IllegalStateException("x".repeat(RequestEvent.MAX_DETAIL_LENGTH + 10));
                    }
                    return ErasureResult.erased(1);
                }))
                .erasureTarget(ErasureStage.INDEXES, "search", calls.slow("search", 0)));
        String id = verified(desk, RequestKind.ERASURE);

        RequestRun first = desk.carryOut(id, DPO);

        assertThat(first.request().status()).isEqualTo(RequestStatus.IN_PROGRESS);
        assertThat(first.failedSteps()).containsExactly("erase:crm");
        assertThat(calls.of("crm")).hasSize(3);
        assertThat(calls.of("search"))
                .as("a later stage before the failing one succeeded")
                .isEmpty();
        assertThat(first.request().events(RequestEventType.STEP_FAILED))
                .hasSize(3)
                .allMatch(e -> e.detail("error").length() <= RequestEvent.MAX_DETAIL_LENGTH);
        assertThat(ledgerErased()).isFalse();
        assertThat(consent.enforcer().check(SUBJECT, EMAIL).allowed()).isTrue();
        assertThat(desk.get(id).events()).isEqualTo(first.request().events());

        down.set(false);
        RequestRun second = desk.carryOut(id, DPO);

        assertThat(second.request().status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(calls.of("orders"))
                .as("a succeeded target is never called again")
                .hasSize(1);
        assertThat(calls.of("crm")).hasSize(4);
        assertThat(calls.of("crm").get(3).call().attempt()).isEqualTo(4);
        assertThat(calls.of("search")).hasSize(1);
        assertThat(ledgerErased()).isTrue();
    }

    @Test
    void erasure_aHangingTarget_isCancelledAfterTheTimeout_andRecordedAsTimedOut() throws Exception {
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch bothInterrupted = new CountDownLatch(2);
        DataSubjectRequests desk = desk(b -> b.stepTimeout(Duration.ofMillis(200))
                .retries(2, Duration.ofMillis(10))
                .erasureTarget(ErasureStage.PRIMARY, "legacy", call -> {
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        bothInterrupted.countDown();
                        throw e;
                    }
                    return ErasureResult.erased(1);
                }));
        long began = System.nanoTime();

        RequestRun run = desk.carryOut(verified(desk, RequestKind.ERASURE), DPO);

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(run.request().status()).isEqualTo(RequestStatus.IN_PROGRESS);
        assertThat(run.failedSteps()).containsExactly("erase:legacy");
        assertThat(run.request().events(RequestEventType.STEP_FAILED))
                .extracting(e -> e.detail("error"))
                .containsExactly("timed out after 200 ms", "timed out after 200 ms");
        assertThat(bothInterrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).hasValue(2);
        assertThat(ledgerErased()).isFalse();
    }

    @Test
    void erasure_ofASubjectErasedInTheLedgerAlready_completes() {
        consent.ledger().erase(SUBJECT, Fixtures.DPO);
        DataSubjectRequests desk = desk(b -> {});

        RequestRun run = desk.carryOut(verified(desk, RequestKind.ERASURE), DPO);

        assertThat(run.request().status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(run.request().steps().get("erase:consent-ledger").summary())
                .startsWith("erased in the ledger already");
        assertThat(consent.ledger().tombstones()).hasSize(1);
    }

    @Test
    void resume_callsAnInterruptedStepWithMaybeDoneBefore_andNeverASucceededOne() {
        Calls calls = new Calls();
        DataSubjectRequests desk = desk(b -> b.erasureTarget(ErasureStage.DEPENDENTS, "orders", calls.slow("orders", 0))
                .erasureTarget(ErasureStage.PRIMARY, "accounts", calls.slow("accounts", 0))
                .erasureTarget(ErasureStage.INDEXES, "search", calls.slow("search", 0)));
        String id = verified(desk, RequestKind.ERASURE);
        desk.start(id, DPO);
        // what a process killed while "accounts" ran left behind
        append(id, RequestEventType.STEP_STARTED, Map.of("step", "erase:orders", "attempt", "1"));
        append(
                id,
                RequestEventType.STEP_SUCCEEDED,
                Map.of("step", "erase:orders", "attempt", "1", "summary", "1 erased", "items", "1"));
        append(id, RequestEventType.STEP_STARTED, Map.of("step", "erase:accounts", "attempt", "1"));

        List<RequestRun> runs = desk.resumeInterrupted(DPO);

        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).request().status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(calls.of("orders")).isEmpty();
        assertThat(calls.of("accounts")).hasSize(1);
        assertThat(calls.of("accounts").get(0).call().maybeDoneBefore()).isTrue();
        assertThat(calls.of("accounts").get(0).call().attempt()).isEqualTo(2);
        assertThat(calls.of("accounts").get(0).call().key()).isEqualTo(id + "/erase:accounts");
        assertThat(calls.of("search")).hasSize(1);
        assertThat(calls.of("search").get(0).call().maybeDoneBefore()).isFalse();
        assertThat(events(runs.get(0).request(), "erase:accounts"))
                .containsExactly("STEP_STARTED#1", "STEP_STARTED#2", "STEP_SUCCEEDED#2");
        assertThat(desk.resumeInterrupted(DPO)).isEmpty();
    }

    private void append(String id, RequestEventType type, Map<String, String> details) {
        int next = requests.events(id).size() + 1;
        requests.append(List.of(new RequestEvent(id, next, type, clock.instant(), DPO, details)));
    }

    @Test
    void twoRunnersOnOneRequest_recordEveryCallTheyMake_once() throws Exception {
        for (int i = 0; i < 10; i++) {
            Calls calls = new Calls();
            Consumer<DataSubjectRequests.Builder> targets =
                    b -> b.erasureTarget(ErasureStage.PRIMARY, "accounts", calls.slow("accounts", 5))
                            .erasureTarget(ErasureStage.PRIMARY, "profiles", calls.slow("profiles", 3))
                            .erasureTarget(ErasureStage.INDEXES, "search", calls.slow("search", 2));
            DataSubjectRequests one = desk(targets);
            DataSubjectRequests two = desk(targets);
            String id = verified(one, RequestKind.ERASURE);
            CountDownLatch go = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                awaitQuietly(go);
                carryOutUnlessAnswered(two, id);
            });
            other.start();
            go.countDown();
            carryOutUnlessAnswered(one, id);
            other.join(30_000);
            if (!one.get(id).closed()) {
                one.carryOut(id, DPO);
            }

            DataSubjectRequest r = one.get(id); // folding checks the sequences: one event each, no gap
            assertThat(r.status()).isEqualTo(RequestStatus.COMPLETED);
            for (String target : List.of("accounts", "profiles", "search")) {
                assertThat(events(r, "erase:" + target).stream().filter(e -> e.startsWith("STEP_STARTED")))
                        .as("calls of %s recorded as started, run %d", target, i)
                        .hasSize(calls.of(target).size());
            }
            assertThat(r.events(RequestEventType.STARTED)).hasSize(1);
        }
    }

    /** Carries the request out; the other runner may have answered it first, which rejects the call. */
    private static void carryOutUnlessAnswered(DataSubjectRequests desk, String id) {
        try {
            desk.carryOut(id, DPO);
        } catch (InvalidInputException e) {
            assertThat(desk.get(id).closed())
                    .as("rejected only once answered: %s", e.getMessage())
                    .isTrue();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- access
}
