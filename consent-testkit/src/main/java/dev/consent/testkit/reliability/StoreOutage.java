package dev.consent.testkit.reliability;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.FailingStore;

/**
 * How {@link OutageContract} takes a store down and brings it back: the store the systems use, and the two
 * switches. A database store stops its connections; the default ({@link #everyCallThrows}) wraps the store in
 * one whose every call throws.
 */
public interface StoreOutage {
    /** The store to build the systems over; {@link #down()} makes it fail. */
    ConsentStore store();

    /** Makes every call of {@link #store()} fail, as when the database stops. */
    void down();

    /** Ends {@link #down()}. */
    void up();

    /** What the outage is, for the figures. */
    String fault();

    /** An outage of a wrapper over {@code store}: while down, every store call throws. */
    static StoreOutage everyCallThrows(ConsentStore store) {
        FailingStore failing = new FailingStore(store);
        return new StoreOutage() {
            @Override
            public ConsentStore store() {
                return failing;
            }

            @Override
            public void down() {
                failing.failEverything();
            }

            @Override
            public void up() {
                failing.recover();
            }

            @Override
            public String fault() {
                return "every store call throws";
            }
        };
    }
}
