package dev.consent.testkit.requests;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;

import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.requests.DataSubjectRequest;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.NewRequest;
import dev.consent.requests.RequestKind;
import dev.consent.requests.RequestStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.BehaviourContract;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contracts of carrying requests out share: the standard purposes with {@link #SUBJECT} granted two of
 * them, the test's request store, and desks over both that are closed after the test.
 */
public abstract class RunnerFixture extends BehaviourContract {
    /** The subject every test's requests are about: it has two grants in the ledger. */
    protected static final String SUBJECT = "user-1";
    /** The operator carrying the requests out. */
    protected static final Actor DPO = Actor.operator("dpo-1");

    private final List<DataSubjectRequests> desks = new ArrayList<>();
    /** The test's consent system: the standard purposes, and {@link #SUBJECT} granted two of them. */
    protected ConsentSystem consent;
    /** The test's request store, from {@link #requestStore(ConsentStore)}. */
    protected RequestStore requests;

    /** The request store kept beside {@code store} (in its database, or in memory); called once per test. */
    protected abstract RequestStore requestStore(ConsentStore store);

    @BeforeEach
    final void grantSomething() {
        consent = systemWithPurposes();
        consent.ledger().grant(SUBJECT, EMAIL, Fixtures.detailed());
        consent.ledger().grant(SUBJECT, SMS, Fixtures.WEB);
        requests = requestStore(store);
    }

    @AfterEach
    final void closeDesks() {
        desks.forEach(DataSubjectRequests::close);
    }

    /** A desk over the test's stores, with a short timeout and backoff and the given sources and targets. */
    protected final DataSubjectRequests desk(Consumer<DataSubjectRequests.Builder> setup) {
        DataSubjectRequests.Builder b = DataSubjectRequests.builder()
                .store(requests)
                .consent(consent)
                .clock(clock)
                .stepTimeout(Duration.ofSeconds(10))
                .retries(3, Duration.ofMillis(10));
        setup.accept(b);
        DataSubjectRequests desk = b.build();
        desks.add(desk);
        return desk;
    }

    /** A verified request of {@link #SUBJECT}. */
    protected static String verified(DataSubjectRequests desk, RequestKind kind) {
        String id = desk.open(NewRequest.of(SUBJECT, kind, "EU", Channel.EMAIL), DPO)
                .id();
        desk.verifyIdentity(id, DPO, "signed-in account");
        return id;
    }

    /** Whether the ledger answers {@link #SUBJECT}'s checks as erased. */
    protected final boolean ledgerErased() {
        return consent.enforcer().check(SUBJECT, EMAIL).reason() == DecisionReason.SUBJECT_ERASED;
    }

    /** The events of {@code step} in {@code r}, as {@code TYPE#attempt}. */
    protected static List<String> events(DataSubjectRequest r, String step) {
        return r.events().stream()
                .filter(e -> step.equals(e.detail("step")))
                .map(e -> e.type() + "#" + e.detail("attempt"))
                .toList();
    }
}
