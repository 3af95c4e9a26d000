package dev.consent.memory;

import dev.consent.spi.RelayState;
import dev.consent.testkit.store.RelayStateContract;

/** The in-memory relay state; one process, so both "nodes" share the object. */
class RelayStateInMemoryTest extends RelayStateContract {
    @Override
    protected RelayState newState() {
        return RelayState.inMemory();
    }

    @Override
    protected RelayState sameStateElsewhere(RelayState state) {
        return state;
    }
}
