package dev.consent.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.relay.Relay;
import dev.consent.relay.RelayStatus;
import dev.consent.spi.RelayState;
import dev.consent.spring.ControllableStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay meters share one status read per sample, and show NaN while the store fails. */
class SampledRelayTest {
    private final ControllableStore store = new ControllableStore();
    private final ConsentSystem consent =
            ConsentSystem.builder().store(store).feedPollInterval(Duration.ZERO).build();
    private final Relay relay = Relay.builder("crm")
            .store(store)
            .purposes(consent.purposes())
            .state(RelayState.inMemory())
            .sink(message -> {})
            .build(); // not started: only the meters read the store

    @AfterEach
    void close() {
        consent.close();
    }

    @Test
    void theMetersOfOneScrape_readTheStatusOnce() {
        SampledRelay sampled = new SampledRelay(relay);
        int before = store.headReads.get();

        for (int i = 0; i < 6; i++) {
            sampled.value(RelayStatus::behind);
        }

        assertThat(store.headReads.get() - before).isEqualTo(1);
    }

    @Test
    void aSamplePastItsAge_isReadAgain_andAFailingStoreGivesNaN_untilItAnswers() {
        SampledRelay sampled = new SampledRelay(relay, 0);

        double answering = sampled.value(RelayStatus::behind);
        store.down = true;
        double failing = sampled.value(RelayStatus::behind);
        store.down = false;
        double again = sampled.value(RelayStatus::behind);

        assertThat(answering).isZero();
        assertThat(failing).isNaN();
        assertThat(again).isZero();
    }
}
