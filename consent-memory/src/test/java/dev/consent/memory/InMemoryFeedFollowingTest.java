package dev.consent.memory;

import dev.consent.testkit.behaviour.FeedFollowingContract;
import dev.consent.spi.ConsentStore;

class InMemoryFeedFollowingTest extends FeedFollowingContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
