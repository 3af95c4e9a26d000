package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The ledger the verification contracts damage: three records for {@link #VICTIM}, others around them. */
final class VictimLedger {
    static final String VICTIM = "victim";

    private VictimLedger() {}

    /**
     * Defines the standard purposes in {@code cs}, writes the ledger through it and returns the victim's
     * records in order (a detailed grant, an objection, a withdrawal); asserts the ledger verifies.
     */
    static List<ConsentRecord> write(ConsentSystem cs, MutableClock clock) {
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("bystander-1", EMAIL, WEB);
        List<ConsentRecord> chain = new ArrayList<>();
        chain.addAll(cs.ledger().grant(VICTIM, EMAIL, Fixtures.detailed()).records());
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().grant("bystander-2", SMS, WEB);
        chain.addAll(cs.ledger().object(VICTIM, ANALYTICS, WEB).records());
        clock.advance(Duration.ofMinutes(1));
        chain.addAll(cs.ledger().withdraw(VICTIM, EMAIL, WEB).records());
        cs.ledger().withdraw("bystander-1", EMAIL, WEB);
        assertThat(cs.ledger().verify().ok())
                .as("the ledger is sound before the damage")
                .isTrue();
        return chain;
    }
}
