package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.spi.CurrentState;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Once {@code withdraw} returns, no check on that system allows the purpose, whatever loads and
 * invalidations race the write. Tested with real threads and counted, not argued.
 */
public abstract class ReadYourWritesContract extends BehaviourContract {
    /** Rounds of grant, racing readers, withdraw; a slow store may lower it. */
    protected int raceIterations() {
        return 250;
    }

    @Test
    void withdraw_thenNoCheckAllows_withReadersAndInvalidationsRacing() throws Exception {
        ConsentSystem cs = systemOver(store, b -> {});
        Fixtures.defineStandard(cs.purposes());

        WithdrawalRace outcome = race(cs);

        assertThat(outcome.rounds).isEqualTo(raceIterations());
        assertThat(outcome.checksAfterWithdrawal)
                .isEqualTo((long) raceIterations() * WithdrawalRace.READERS * WithdrawalRace.CHECKS_AFTER_WITHDRAWAL);
        assertThat(outcome.allowsAfterWithdrawal)
                .as("allows seen after withdraw() returned")
                .isZero();
    }

    @Test
    void withdraw_thenNoCheckAllows_whenEveryLoadIsSlow() throws Exception {
        ForwardingStore slowLoads = new ForwardingStore(store) {
            @Override
            public CurrentState loadCurrentState(String subject) {
                CurrentState head = super.loadCurrentState(subject);
                LockSupport.parkNanos(50_000);
                return head;
            }
        };
        ConsentSystem cs = systemOver(slowLoads, b -> {});
        Fixtures.defineStandard(cs.purposes());

        WithdrawalRace outcome = race(cs);

        assertThat(outcome.rounds).isEqualTo(raceIterations());
        assertThat(outcome.allowsAfterWithdrawal)
                .as("allows seen after withdraw() returned")
                .isZero();
    }

    @Test
    void withdraw_whileALoadOfThatSubjectIsInFlight_theStaleLoadDoesNotWin() throws Exception {
        GatedLoads gated = new GatedLoads(store, "user-1");
        ConsentSystem cs = systemOver(gated, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("user-1", EMAIL, WEB);

        gated.raceALoadWith(
                () -> cs.enforcer().check("user-1", EMAIL), () -> cs.ledger().withdraw("user-1", EMAIL, WEB));

        for (int i = 0; i < 100; i++) {
            assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        }
    }

    @Test
    void invalidate_whileALoadOfThatSubjectIsInFlight_theStaleLoadDoesNotWin() throws Exception {
        GatedLoads gated = new GatedLoads(store, "user-1");
        ConsentSystem elsewhere = systemWithPurposes();
        ConsentSystem cs = systemOver(gated, b -> {});
        elsewhere.ledger().grant("user-1", EMAIL, WEB);

        gated.raceALoadWith(() -> cs.enforcer().check("user-1", EMAIL), () -> {
            elsewhere.ledger().withdraw("user-1", EMAIL, WEB);
            cs.invalidate("user-1");
        });

        assertThat(cs.enforcer().check("user-1", EMAIL).reason())
                .as("invalidate() returned after the withdrawal committed")
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    private WithdrawalRace race(ConsentSystem cs) throws Exception {
        return WithdrawalRace.run(cs, raceIterations(), subject -> cs.ledger().withdraw(subject, EMAIL, WEB));
    }
}
