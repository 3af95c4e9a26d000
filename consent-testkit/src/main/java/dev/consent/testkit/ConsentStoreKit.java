package dev.consent.testkit;

import dev.consent.requests.RequestStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import dev.consent.testkit.relay.RelayContract;
import dev.consent.testkit.reliability.ConcurrentWritersContract;
import dev.consent.testkit.reliability.HostileInputContract;
import dev.consent.testkit.reliability.LossyStore;
import dev.consent.testkit.reliability.LostAcknowledgementContract;
import dev.consent.testkit.reliability.OutageContract;
import dev.consent.testkit.reliability.ReadYourWritesUnderLoadContract;
import dev.consent.testkit.reliability.StoreOutage;
import dev.consent.testkit.store.ConsentStoreContract;
import dev.consent.testkit.store.RelayStateContract;
import dev.consent.testkit.store.RequestStoreContract;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The compatibility kit of a {@link ConsentStore}: every contract a store must pass, run by one subclass. A
 * store module adds {@code dev.consent:consent-testkit} with {@code test} scope and writes one class:
 *
 * <pre>{@code
 * class MyStoreTest extends ConsentStoreKit {
 *     @Override
 *     protected ConsentStore newStore() {
 *         return new MyStore();            // empty, sharing nothing with any other store returned here
 *     }
 * }
 * }</pre>
 *
 * <p>Each contract runs as a {@code @Nested} topic of that class: the storage SPI on its own (append, feed,
 * batches, optimistic concurrency, current states, evidence, purposes, links), the behaviour of a whole
 * {@code ConsentSystem} over the store (decisions, freshness, erasure, export, verification, transactions,
 * ...), the relay and the relay state, the store of data-subject requests, and the reliability contracts,
 * tagged {@code reliability} (so that {@code -Dgroups=reliability} runs only them; their size is the system
 * property {@code consent.reliability.scale}). A store module adds topics of its own as further {@code @Nested}
 * classes of its subclass.
 *
 * <p>Real differences between stores are hooks with defaults for a store in this process, forwarded to the
 * topics that use them, for example {@link #breakStorage} (simulate an outage), {@link #closeStore} (drop
 * tables), {@link #raceThreads()}, {@link #storedTexts} (what the canary searches), {@link #backup} and
 * {@link #restore}, {@link #beginTransaction} (join a caller's transaction), {@link #relayState},
 * {@link #requestStore}, {@link #secondNode} (another node's view), {@link #outage} and {@link #lossy}. A store
 * that does not support something says so in a hook; the kit never asks which store it runs.
 */
public abstract class ConsentStoreKit extends RequestTopics {
    /** Creates the kit; JUnit does, once per test. */
    protected ConsentStoreKit() {}

    @Nested
    @DisplayName("the storage contract")
    class StorageTopic extends ConsentStoreContract {
        @Override
        protected ConsentStore newStore() {
            return ConsentStoreKit.this.newStore();
        }

        @Override
        protected void closeStore(ConsentStore store) {
            ConsentStoreKit.this.closeStore(store);
        }

        @Override
        protected int raceThreads() {
            return ConsentStoreKit.this.raceThreads();
        }

        @Override
        protected int raceRounds() {
            return ConsentStoreKit.this.raceRounds();
        }

        @Override
        protected boolean breakStorage(ConsentStore store) {
            return ConsentStoreKit.this.breakStorage(store);
        }

        @Override
        protected ConsentStore secondNode(ConsentStore store) {
            return ConsentStoreKit.this.secondNode(store, opened::push);
        }

        private final Deque<AutoCloseable> opened = new ArrayDeque<>();

        @AfterEach
        void closeSecondNodes() throws Exception {
            while (!opened.isEmpty()) {
                opened.pop().close();
            }
        }
    }

    @Nested
    @DisplayName("the relay to a webhook")
    class RelayTopic extends RelayContract {
        @Override
        protected ConsentStore newStore() {
            return ConsentStoreKit.this.newStore();
        }

        @Override
        protected RelayState relayState(ConsentStore store) {
            return ConsentStoreKit.this.relayState(store);
        }
    }

    /** Leases, checkpoints and dead letters, the second node's view from {@link #secondNode}. */
    @Nested
    @DisplayName("the relay state")
    class RelayStateTopic extends RelayStateContract {
        private final Deque<AutoCloseable> opened = new ArrayDeque<>();

        @Override
        protected RelayState newState() {
            ConsentStore store = ConsentStoreKit.this.newStore();
            opened.push(store);
            return relayState(store);
        }

        @Override
        protected RelayState sameStateElsewhere(RelayState state) {
            ConsentStore first = (ConsentStore) opened.getLast();
            return relayState(secondNode(first, opened::push));
        }

        @AfterEach
        void closeWhatWasOpened() throws Exception {
            while (!opened.isEmpty()) {
                opened.pop().close();
            }
        }
    }

    /**
     * The events of data-subject requests from {@link #requestStore}: sequences, races, the open and received
     * requests, outages through {@link #breakStorage}, the second node's view from {@link #secondNode}.
     */
    @Nested
    @DisplayName("the request store")
    class RequestStoreTopic extends RequestStoreContract {
        private final Deque<AutoCloseable> opened = new ArrayDeque<>();
        private final Map<RequestStore, ConsentStore> stores = new IdentityHashMap<>();

        @Override
        protected RequestStore newRequestStore() {
            ConsentStore store = ConsentStoreKit.this.newStore();
            opened.push(store);
            RequestStore requests = requestStore(store);
            stores.put(requests, store);
            return requests;
        }

        @Override
        protected RequestStore sameStoreElsewhere(RequestStore requests) {
            return requestStore(secondNode(stores.get(requests), opened::push));
        }

        @Override
        protected boolean breakStorage(RequestStore requests) {
            return ConsentStoreKit.this.breakStorage(stores.get(requests));
        }

        @Override
        protected int raceThreads() {
            return ConsentStoreKit.this.raceThreads();
        }

        @AfterEach
        void closeWhatWasOpened() throws Exception {
            while (!opened.isEmpty()) {
                opened.pop().close();
            }
        }
    }

    // ---------------------------------------------------------------- reliability (tagged "reliability")

    @Nested
    @DisplayName("reliability: concurrent writers")
    class ConcurrentWritersTopic extends ConcurrentWritersContract {
        @Override
        protected ConsentStore newStore() {
            return ConsentStoreKit.this.newStore();
        }

        @Override
        protected String storeName() {
            return ConsentStoreKit.this.storeName();
        }

        @Override
        protected ConsentStore secondNode() {
            return ConsentStoreKit.this.secondNode(store, this::closeAfterTest);
        }
    }

    @Nested
    @DisplayName("reliability: read your writes under load")
    class ReadYourWritesUnderLoadTopic extends ReadYourWritesUnderLoadContract {
        @Override
        protected ConsentStore newStore() {
            return ConsentStoreKit.this.newStore();
        }

        @Override
        protected String storeName() {
            return ConsentStoreKit.this.storeName();
        }

        @Override
        protected ConsentStore secondNode() {
            return ConsentStoreKit.this.secondNode(store, this::closeAfterTest);
        }
    }

    @Nested
    @DisplayName("reliability: the store goes down")
    class OutageTopic extends OutageContract {
        @Override
        protected ConsentStore newStore() {
            return ConsentStoreKit.this.newStore();
        }

        @Override
        protected String storeName() {
            return ConsentStoreKit.this.storeName();
        }

        @Override
        protected StoreOutage outage() {
            return ConsentStoreKit.this.outage(store);
        }
    }

    @Nested
    @DisplayName("reliability: acknowledgements lost after the commit")
    class LostAcknowledgementTopic extends LostAcknowledgementContract {
        @Override
        protected ConsentStore newStore() {
            return ConsentStoreKit.this.newStore();
        }

        @Override
        protected String storeName() {
            return ConsentStoreKit.this.storeName();
        }

        @Override
        protected LossyStore lossy(double share, long seed) {
            return ConsentStoreKit.this.lossy(store, share, seed);
        }
    }

    @Nested
    @DisplayName("reliability: hostile input")
    class HostileInputTopic extends HostileInputContract {
        @Override
        protected ConsentStore newStore() {
            return ConsentStoreKit.this.newStore();
        }

        @Override
        protected String storeName() {
            return ConsentStoreKit.this.storeName();
        }
    }
}
