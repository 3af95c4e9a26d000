package dev.consent.testkit;

import dev.consent.requests.RequestStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import dev.consent.testkit.behaviour.Backup;
import dev.consent.testkit.behaviour.CanaryContract;
import dev.consent.testkit.behaviour.TxHandle;
import dev.consent.testkit.reliability.LossyStore;
import dev.consent.testkit.reliability.StoreOutage;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * The store of {@link ConsentStoreKit} and the hooks for what really differs between stores; the kit forwards
 * each to the topics that use it. Every hook but {@link #newStore()} has a default that suits a store living in
 * this process.
 */
abstract class StoreKitHooks {
    private final Map<ConsentStore, RelayState> relayStates = new IdentityHashMap<>();
    private final Map<ConsentStore, RequestStore> requestStores = new IdentityHashMap<>();

    /**
     * A new, empty store that shares nothing with any other store this method returned. Called before every
     * test of every topic, and again by the tests that need a second, independent store. The kit closes every
     * store it got from here after the test (the storage topic through {@link #closeStore}).
     */
    protected abstract ConsentStore newStore();

    // ---------------------------------------------------------------- the storage contract

    /** Releases a store of the storage topic after its test; closes it by default. */
    protected void closeStore(ConsentStore store) {
        store.close();
    }

    /** How many threads race for one subject in the storage topic's concurrency tests; 8 by default. */
    protected int raceThreads() {
        return 8;
    }

    /** How many rounds the racing threads run, and how many appends the other concurrency tests make; 200. */
    protected int raceRounds() {
        return 200;
    }

    /**
     * Makes the storage under {@code store} fail from now on (a JDBC store can close its data source) and
     * returns true; or returns false, the default, when the store cannot simulate an outage, and the storage
     * topic's outage test is skipped.
     */
    protected boolean breakStorage(ConsentStore store) {
        return false;
    }

    // ---------------------------------------------------------------- behaviour

    /** How many subjects the big bulk check checks; 5,000. */
    protected int bulkSubjects() {
        return 5_000;
    }

    /**
     * Every text the store holds, for the canary's search after an erasure: by default what the SPI reads
     * return; a database store returns every value of every column of every table it owns.
     */
    protected List<String> storedTexts(ConsentStore store, List<String> subjects) {
        return CanaryContract.textsThroughTheSpi(store, subjects);
    }

    /** Whether the canary searches a heap dump: true where the store keeps nothing in this JVM but its objects. */
    protected boolean searchesTheHeap() {
        return true;
    }

    /**
     * A backup of {@code store} as it is now. By default read through the SPI; a store that can copy its
     * storage directly (tables, files) overrides this and {@link #restore}, and may take a fresh, empty store
     * from {@code freshStore} (closed after the test).
     */
    protected Object backup(ConsentStore store, Supplier<ConsentStore> freshStore) {
        return Backup.of(store);
    }

    /** A store holding what {@code backup} held; by default a fresh store the SPI copy is written into. */
    protected ConsentStore restore(Object backup, Supplier<ConsentStore> freshStore) {
        ConsentStore restored = freshStore.get();
        ((Backup) backup).restoreInto(restored);
        return restored;
    }

    /** Whether {@link #restore} brings back a subject erased before the backup (the SPI copy cannot). */
    protected boolean restoresErasedSubjects() {
        return false;
    }

    /** How often the following systems of the feed topic poll; 25 ms, a slow store may raise it. */
    protected Duration feedPollInterval() {
        return Duration.ofMillis(25);
    }

    /** What the feed topic's lag bound allows beyond one poll interval; 2 s. */
    protected Duration feedLagSlack() {
        return Duration.ofSeconds(2);
    }

    /** Rounds of grant, racing readers, withdraw in the read-your-writes topic; 250. */
    protected int readYourWritesRounds() {
        return 250;
    }

    /**
     * The store of the transaction topic: {@link #newStore()} by default; a store whose transactions are a
     * test's own construction returns that here.
     */
    protected ConsentStore newTransactionalStore() {
        return newStore();
    }

    /**
     * Opens a transaction over {@code store} (as {@link #newTransactionalStore()} returned it), as an
     * application opens its own. By default the store joins no caller's transaction and the transaction topic
     * is skipped.
     */
    protected TxHandle beginTransaction(ConsentStore store) {
        return Assumptions.abort("the store joins no caller's transaction: override beginTransaction");
    }

    /** Rounds of the race between checks and commits in the transaction topic; 100. */
    protected int transactionRounds() {
        return 100;
    }

    // ---------------------------------------------------------------- relay and reliability

    /**
     * The relay state over {@code store} as one node sees it; called once per relay instance. By default one
     * {@link RelayState#inMemory()} per store object; a database store returns a new object over its tables.
     */
    protected RelayState relayState(ConsentStore store) {
        synchronized (relayStates) {
            return relayStates.computeIfAbsent(store, s -> RelayState.inMemory());
        }
    }

    /**
     * The store of data-subject requests over {@code store} as one node sees it. By default one
     * {@link RequestStore#inMemory()} per store object; a database store returns a new object over its tables.
     */
    protected RequestStore requestStore(ConsentStore store) {
        synchronized (requestStores) {
            return requestStores.computeIfAbsent(store, s -> RequestStore.inMemory());
        }
    }

    /**
     * {@code store} as another application node reaches it: over a connection pool of its own for a database,
     * the same object (the default) for a store that lives in this process. Whatever it opens it hands to
     * {@code closeAfterTest}.
     */
    protected ConsentStore secondNode(ConsentStore store, Consumer<AutoCloseable> closeAfterTest) {
        return store;
    }

    /** The store's name in the reliability figures; the kit class's simple name by default. */
    protected String storeName() {
        return getClass().getSimpleName();
    }

    /** How the outage topic takes {@code store} down and up; by default a wrapper whose every call throws. */
    protected StoreOutage outage(ConsentStore store) {
        return StoreOutage.everyCallThrows(store);
    }

    /**
     * {@code store} failing after a successful commit with probability {@code share}: by default in the store
     * interface; a database store drops the connection after the driver's commit.
     */
    protected LossyStore lossy(ConsentStore store, double share, long seed) {
        return LossyStore.failingAfterAppend(store, share, seed);
    }
}
