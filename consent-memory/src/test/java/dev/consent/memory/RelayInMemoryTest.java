package dev.consent.memory;

import dev.consent.testkit.relay.RelayContract;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import java.util.IdentityHashMap;
import java.util.Map;

/** The relay over the in-memory store, with the in-memory relay state shared by the relays of a test. */
class RelayInMemoryTest extends RelayContract {
    private final Map<ConsentStore, RelayState> states = new IdentityHashMap<>();

    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }

    @Override
    protected synchronized RelayState relayState(ConsentStore store) {
        return states.computeIfAbsent(store, s -> RelayState.inMemory());
    }
}
