package dev.consent.memory;

import dev.consent.testkit.behaviour.GroupsContract;
import dev.consent.spi.ConsentStore;

class InMemoryGroupsTest extends GroupsContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
