package dev.consent.testkit.reliability;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.BehaviourContract;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * What the reliability suites share beyond {@link BehaviourContract}: the store's name for the figures, and a
 * second node's view of the test's store. {@code ConsentStoreKit} runs each as a topic. Tagged
 * {@value #TAG}, so that {@code -Dgroups=reliability} runs only these.
 */
@Tag(ReliabilityContract.TAG)
public abstract class ReliabilityContract extends BehaviourContract {
    /** The JUnit tag of every reliability suite. */
    public static final String TAG = "reliability";

    private final Deque<AutoCloseable> closeAfter = new ArrayDeque<>();

    /** The store's name in the figures, such as {@code memory} or {@code PostgreSQL (embedded)}. */
    protected abstract String storeName();

    /**
     * The test's store as another application node reaches it: over a connection pool of its own for a
     * database, the same object for a store that lives in this process (the default). Whatever the override
     * opens it registers with {@link #closeAfterTest}.
     */
    protected ConsentStore secondNode() {
        return store;
    }

    /** Closes {@code resource} after the test, before the stores; returns it. */
    protected final <T extends AutoCloseable> T closeAfterTest(T resource) {
        closeAfter.push(resource);
        return resource;
    }

    /** Figures of this store for one suite. */
    protected final Figures figures(String kind) {
        return new Figures(storeName(), kind);
    }

    @AfterEach
    final void closeNodes() throws Exception {
        while (!closeAfter.isEmpty()) {
            closeAfter.pop().close();
        }
    }
}
