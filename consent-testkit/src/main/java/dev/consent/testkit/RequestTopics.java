package dev.consent.testkit;

import dev.consent.requests.RequestStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.requests.AccessRunContract;
import dev.consent.testkit.requests.RequestDeskContract;
import dev.consent.testkit.requests.RequestRunnerContract;
import dev.consent.testkit.retention.RetentionContract;
import dev.consent.testkit.retention.RetentionStoreContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The topics of {@link ConsentStoreKit} about data-subject requests and retention: the desk, carrying requests
 * out, and retention rules, each over the store and its request store ({@link #requestStore}).
 */
abstract class RequestTopics extends LawTopics {
    @Nested
    @DisplayName("data-subject requests: the desk")
    class RequestDeskTopic extends RequestDeskContract {
        @Override
        protected ConsentStore newStore() {
            return RequestTopics.this.newStore();
        }

        @Override
        protected RequestStore requestStore(ConsentStore store) {
            return RequestTopics.this.requestStore(store);
        }
    }

    @Nested
    @DisplayName("data-subject requests: carried out over sources and targets")
    class RequestRunnerTopic extends RequestRunnerContract {
        @Override
        protected ConsentStore newStore() {
            return RequestTopics.this.newStore();
        }

        @Override
        protected RequestStore requestStore(ConsentStore store) {
            return RequestTopics.this.requestStore(store);
        }
    }

    @Nested
    @DisplayName("data-subject requests: access carried out over sources")
    class AccessRunTopic extends AccessRunContract {
        @Override
        protected ConsentStore newStore() {
            return RequestTopics.this.newStore();
        }

        @Override
        protected RequestStore requestStore(ConsentStore store) {
            return RequestTopics.this.requestStore(store);
        }
    }

    @Nested
    @DisplayName("retention rules")
    class RetentionTopic extends RetentionContract {
        @Override
        protected ConsentStore newStore() {
            return RequestTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("retention: the store's own methods")
    class RetentionStoreTopic extends RetentionStoreContract {
        @Override
        protected ConsentStore newStore() {
            return RequestTopics.this.newStore();
        }
    }
}
