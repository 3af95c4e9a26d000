package dev.consent.memory;

import dev.consent.testkit.behaviour.SubjectStateContract;
import dev.consent.spi.ConsentStore;

class InMemorySubjectStateTest extends SubjectStateContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
