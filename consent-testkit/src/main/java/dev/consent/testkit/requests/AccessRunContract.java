package dev.consent.testkit.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Channel;
import dev.consent.InvalidInputException;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.ErasureStage;
import dev.consent.requests.NewRequest;
import dev.consent.requests.RequestEventType;
import dev.consent.requests.RequestKind;
import dev.consent.requests.RequestRun;
import dev.consent.requests.RequestStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Carrying access requests out ({@link DataSubjectRequests#carryOut}): the access package holds the ledger's
 * export and every source, names the sources that failed in the order they were given, and requests that cannot
 * be carried out (another kind, not verified) are rejected with nothing written.
 */
public abstract class AccessRunContract extends RunnerFixture {
    @Test
    void access_packageHoldsTheLedgerExportAndEverySource_andNamesTheOnesThatFailed() {
        DataSubjectRequests desk = desk(b -> b.accessSource("orders", s -> List.of(Map.of("id", 17, "total", "9.99")))
                .accessSource("profile", s -> Map.of("subject", s, "name", "Ada"))
                .accessSource("nothing", s -> null)
                .accessSource("broken", s -> {
                    throw new IllegalStateException("replica down");
                })
                .accessSource("opaque", s -> new Object()));
        String id = verified(desk, RequestKind.ACCESS);

        RequestRun run = desk.carryOut(id, DPO);

        ObjectNode pack = run.accessPackage();
        assertThat(pack).isNotNull();
        assertThat(pack.get("version").asInt()).isEqualTo(1);
        assertThat(pack.get("requestId").asText()).isEqualTo(id);
        assertThat(pack.get("subject").asText()).isEqualTo(SUBJECT);
        assertThat(pack.get("generatedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(pack.get("ledger").get("subject").asText()).isEqualTo(SUBJECT);
        assertThat(pack.get("ledger").get("history")).hasSize(2);
        JsonNode sources = pack.get("sources");
        assertThat(sources.get("orders").get(0).get("id").asInt()).isEqualTo(17);
        assertThat(sources.get("profile").get("name").asText()).isEqualTo("Ada");
        assertThat(sources.get("nothing").isNull()).isTrue();
        assertThat(sources.has("broken")).isFalse();
        assertThat(pack.get("failedSources"))
                .extracting(n -> n.get("name").asText())
                .containsExactly("broken", "opaque");
        assertThat(pack.get("failedSources").get(0).get("error").asText())
                .isEqualTo("java.lang.IllegalStateException: replica down");
        assertThat(run.failedSteps()).containsExactly("access:broken", "access:opaque");
        assertThat(run.request().status()).isEqualTo(RequestStatus.PARTIALLY_COMPLETED);
        assertThat(run.request()
                        .events(RequestEventType.PARTIALLY_COMPLETED)
                        .get(0)
                        .detail("note"))
                .contains("broken")
                .contains("opaque");
        assertThat(run.request().steps().get("access:broken").attempts()).isEqualTo(3);
        assertThat(desk.get(id).events()).isEqualTo(run.request().events());
    }

    @Test
    void access_failedSteps_areNamedInTheOrderTheSourcesWereGiven_notTheOrderTheyFailedIn() {
        CountDownLatch secondFailed = new CountDownLatch(1);
        DataSubjectRequests desk = desk(b -> b.threads(2)
                .retries(1, Duration.ofMillis(1))
                .accessSource("first", s -> {
                    if (!secondFailed.await(5, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the second source never failed");
                    }
                    throw new IllegalStateException("first down");
                })
                .accessSource("second", s -> {
                    secondFailed.countDown();
                    throw new IllegalStateException("second down");
                }));

        RequestRun run = desk.carryOut(verified(desk, RequestKind.ACCESS), DPO);

        assertThat(run.failedSteps()).containsExactly("access:first", "access:second");
        assertThat(run.accessPackage().get("failedSources"))
                .extracting(n -> n.get("name").asText())
                .containsExactly("first", "second");
    }

    @Test
    void access_everySourceSucceeding_completes() {
        DataSubjectRequests desk = desk(b -> b.accessSource("orders", s -> List.of(1, 2, 3)));

        RequestRun run = desk.carryOut(verified(desk, RequestKind.ACCESS), DPO);

        assertThat(run.request().status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(run.accessPackage().get("failedSources")).isEmpty();
        assertThat(run.request().steps().get("access:orders").summary()).isEqualTo("collected 3 items");
    }

    // ---------------------------------------------------------------- rejected

    @Test
    void aKindOtherThanAccessOrErasure_isRejected_andNothingIsWritten() {
        DataSubjectRequests desk = desk(b -> {});
        String id = verified(desk, RequestKind.OBJECTION);
        int before = requests.events(id).size();

        assertThatThrownBy(() -> desk.carryOut(id, DPO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(id)
                .hasMessageContaining("OBJECTION");
        assertThat(requests.events(id)).hasSize(before);
    }

    @Test
    void anUnverifiedRequest_isRejected_andNothingIsWritten() {
        Calls calls = new Calls();
        DataSubjectRequests desk =
                desk(b -> b.erasureTarget(ErasureStage.PRIMARY, "accounts", calls.slow("accounts", 0)));
        String id = desk.open(NewRequest.of(SUBJECT, RequestKind.ERASURE, "EU", Channel.EMAIL), DPO)
                .id();

        assertThatThrownBy(() -> desk.carryOut(id, DPO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(id)
                .hasMessageContaining("RECEIVED");
        assertThat(requests.events(id)).hasSize(1);
        assertThat(calls.all()).isEmpty();
        assertThat(ledgerErased()).isFalse();
    }
}
