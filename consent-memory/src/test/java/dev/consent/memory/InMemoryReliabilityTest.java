package dev.consent.memory;

import dev.consent.testkit.reliability.ConcurrentWritersSuite;
import dev.consent.testkit.reliability.HostileInputSuite;
import dev.consent.testkit.reliability.LostAcknowledgementSuite;
import dev.consent.testkit.reliability.OutageSuite;
import dev.consent.testkit.reliability.ReadYourWritesSuite;
import dev.consent.spi.ConsentStore;
import org.junit.jupiter.api.Nested;

/** The reliability suites on the in-memory store; two nodes share the one store object. */
class InMemoryReliabilityTest {
    static final String NAME = "memory";

    @Nested
    class ConcurrentWriters extends ConcurrentWritersSuite {
        @Override
        protected ConsentStore newStore() {
            return new InMemoryConsentStore();
        }

        @Override
        protected String storeName() {
            return NAME;
        }
    }

    @Nested
    class ReadYourWrites extends ReadYourWritesSuite {
        @Override
        protected ConsentStore newStore() {
            return new InMemoryConsentStore();
        }

        @Override
        protected String storeName() {
            return NAME;
        }
    }

    @Nested
    class LostAcknowledgement extends LostAcknowledgementSuite {
        @Override
        protected ConsentStore newStore() {
            return new InMemoryConsentStore();
        }

        @Override
        protected String storeName() {
            return NAME;
        }
    }

    @Nested
    class Outage extends OutageSuite {
        @Override
        protected ConsentStore newStore() {
            return new InMemoryConsentStore();
        }

        @Override
        protected String storeName() {
            return NAME;
        }
    }

    @Nested
    class HostileInput extends HostileInputSuite {
        @Override
        protected ConsentStore newStore() {
            return new InMemoryConsentStore();
        }

        @Override
        protected String storeName() {
            return NAME;
        }
    }
}
