package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.WriteResult;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.ForwardingStore;
import dev.consent.testkit.behaviour.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Regressions for defects found in review. */
class ReviewRegressionTest {
    /** Commits the append, then reports a failure: a connection lost after commit. */
    static final class LostAckStore extends ForwardingStore {
        final AtomicBoolean loseNextAck = new AtomicBoolean();

        LostAckStore() {
            super(new InMemoryConsentStore());
        }

        @Override
        public List<ConsentRecord> append(List<SubjectAppend> appends) {
            List<ConsentRecord> stored = super.append(appends);
            if (loseNextAck.getAndSet(false)) {
                throw new IllegalStateException("simulated: connection lost after commit");
            }
            return stored;
        }
    }

    @Test
    void withdrawalRetriedAfterALostAcknowledgement_deniesOnceTheRetryReturns() {
        LostAckStore store = new LostAckStore();
        try (ConsentSystem cs = ConsentSystem.builder()
                .store(store)
                .clock(new MutableClock(Fixtures.START))
                .build()) {
            Fixtures.defineStandard(cs.purposes());
            cs.ledger().grant("u1", Fixtures.SMS, Fixtures.WEB);
            assertThat(cs.enforcer().check("u1", Fixtures.SMS).allowed()).isTrue();
            Interaction withdrawal = Interaction.builder("u1")
                    .interactionId("form-77")
                    .context(Fixtures.WEB)
                    .withdraw(Fixtures.SMS)
                    .build();
            store.loseNextAck.set(true);
            assertThatThrownBy(() -> cs.ledger().record(withdrawal));

            WriteResult retry = cs.ledger().record(withdrawal);

            assertThat(retry.replayed()).isTrue();
            assertThat(cs.enforcer().check("u1", Fixtures.SMS).allowed()).isFalse();
        }
    }

    @Test
    void hugeCacheBound_doesNotMakeGrantsSkipTheirExpiry() {
        MutableClock clock = new MutableClock(Fixtures.START);
        try (ConsentSystem cs = ConsentSystem.builder()
                .store(new InMemoryConsentStore())
                .clock(clock)
                .cacheExpireAfterWrite(Duration.ofMillis(Long.MAX_VALUE))
                .build()) {
            Fixtures.defineStandard(cs.purposes());
            cs.ledger().grant("u1", Fixtures.EMAIL, Fixtures.WEB);
            assertThat(cs.enforcer().check("u1", Fixtures.EMAIL).allowed()).isTrue();
            clock.advance(Fixtures.EMAIL_MAX_AGE.plusDays(1));
            assertThat(cs.enforcer().check("u1", Fixtures.EMAIL).allowed()).isFalse();
        }
    }
}
