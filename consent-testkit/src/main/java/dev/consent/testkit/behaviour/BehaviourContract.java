package dev.consent.testkit.behaviour;

import dev.consent.ConsentSystem;
import dev.consent.spi.ConsentStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every behaviour suite shares: a fresh store and a test clock per test, and systems built over them
 * that are closed after the test. {@code ConsentStoreKit} runs each behaviour contract as a topic, implementing
 * {@link #newStore()}.
 *
 * <p>Systems built here do not follow the store's change feed (their {@code feedPollInterval} is zero), so
 * that no background poller disturbs tests that count store calls or make the store fail; a test that
 * wants a following system asks {@link #followingSystem} for one. Either way this class sets
 * {@code feedPollInterval}, so the settings a test passes must not.
 */
public abstract class BehaviourContract {
    /** The clock of every system a test builds; starts at {@link Fixtures#START}. */
    protected MutableClock clock;
    /** The store of the test; systems reach it through wrappers that never close it. */
    protected ConsentStore store;

    private final List<ConsentStore> stores = new ArrayList<>();
    private final List<ConsentSystem> systems = new ArrayList<>();

    /**
     * A fresh, empty store that shares nothing with any other store this method returned. Called before
     * each test, and again by the few tests that need a second, independent store. The suite closes
     * every store it got from here after the test.
     */
    protected abstract ConsentStore newStore();

    @BeforeEach
    final void openStore() {
        clock = new MutableClock(Fixtures.START);
        store = anotherStore();
    }

    @AfterEach
    final void closeEverything() {
        RuntimeException failure = null;
        for (int i = systems.size() - 1; i >= 0; i--) {
            try {
                systems.get(i).close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        for (ConsentStore s : stores) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        systems.clear();
        stores.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** A second, independent, empty store, closed after the test. */
    protected final ConsentStore anotherStore() {
        ConsentStore s = newStore();
        stores.add(s);
        return s;
    }

    /** A system over the test's store, with the test clock and defaults for everything else. */
    protected final ConsentSystem system() {
        return systemOver(store, b -> {});
    }

    /** A system over the test's store, with the test clock and further settings. */
    protected final ConsentSystem system(Consumer<ConsentSystem.Builder> settings) {
        return systemOver(store, settings);
    }

    /** A system over the test's store with the standard purposes of {@link Fixtures} defined. */
    protected final ConsentSystem systemWithPurposes() {
        ConsentSystem cs = system();
        Fixtures.defineStandard(cs.purposes());
        return cs;
    }

    /**
     * A system over {@code target} (the test's store, another store, or a wrapper of either), with the
     * test clock. The system gets a wrapper that does not close {@code target}.
     */
    protected final ConsentSystem systemOver(ConsentStore target, Consumer<ConsentSystem.Builder> settings) {
        return build(target, Duration.ZERO, settings);
    }

    /**
     * A system over the test's store that follows its change feed, polling every {@code pollInterval}, with
     * the test clock and further settings (which must not set {@code feedPollInterval}).
     */
    protected final ConsentSystem followingSystem(Duration pollInterval, Consumer<ConsentSystem.Builder> settings) {
        return followingSystemOver(store, pollInterval, settings);
    }

    /** {@link #followingSystem} over {@code target}, as {@link #systemOver} builds it. */
    protected final ConsentSystem followingSystemOver(
            ConsentStore target, Duration pollInterval, Consumer<ConsentSystem.Builder> settings) {
        if (pollInterval.isZero()) {
            throw new IllegalArgumentException("a following system polls; use systemOver for one that does not");
        }
        return build(target, pollInterval, settings);
    }

    private ConsentSystem build(ConsentStore target, Duration pollInterval, Consumer<ConsentSystem.Builder> settings) {
        ConsentSystem.Builder b = ConsentSystem.builder()
                .store(new ForwardingStore(target))
                .clock(clock)
                .feedPollInterval(pollInterval);
        settings.accept(b);
        ConsentSystem cs = b.build();
        systems.add(cs);
        return cs;
    }
}
