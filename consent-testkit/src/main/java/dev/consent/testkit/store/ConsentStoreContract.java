package dev.consent.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.ConsentStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The storage SPI's contract: every promise of {@link ConsentStore} as a test, through the SPI only (no
 * {@code ConsentSystem}); records are built with {@link TestRecords}. {@code ConsentStoreKit} runs it as its
 * storage topic; a subclass only says how to make an empty store, and may release it in {@link #closeStore}.
 * The tests are grouped by topic in nested classes, each in its own file ({@code AppendContract},
 * {@code FeedContract}, ...). A store that shares one database between tests must make {@link #newStore()}
 * return an empty store, for example by truncating its tables there or in {@link #closeStore}.
 *
 * <p>The concurrency tests use real threads released together by latches and barriers and count every
 * outcome; none sleeps. {@link #raceThreads()} and {@link #raceRounds()} size them. The whole contract
 * runs in seconds on the in-memory store.
 */
public abstract class ConsentStoreContract {
    private @Nullable ConsentStore store;

    /** A new, empty store; called before every test. */
    protected abstract ConsentStore newStore();

    /**
     * Releases a store made by {@link #newStore()}; called after every test, also after a failure.
     * Closes it by default; override to also drop or truncate what the store keeps.
     */
    protected void closeStore(ConsentStore store) {
        store.close();
    }

    /** How many threads race for one subject in the concurrency tests; 8 by default. */
    protected int raceThreads() {
        return 8;
    }

    /** How many rounds the racing threads run, and how many appends the other concurrency tests make. */
    protected int raceRounds() {
        return 200;
    }

    /**
     * Makes the storage under {@code store} fail from now on (a JDBC store can close its data source)
     * and returns true; or returns false, the default, when the store cannot simulate an outage. The
     * outage test is skipped then.
     */
    protected boolean breakStorage(ConsentStore store) {
        return false;
    }

    /**
     * Another node's view of {@code store}'s storage (a second store over the same database), opened for the
     * running test and closed with it by the subclass; the same object by default, for a store that lives in
     * this process.
     */
    protected ConsentStore secondNode(ConsentStore store) {
        return store;
    }

    /** The store of the running test. */
    protected final ConsentStore store() {
        if (store == null) {
            throw new IllegalStateException("no store: store() is only available while a test runs");
        }
        return store;
    }

    @BeforeEach
    final void openStore() {
        ConsentStore fresh = newStore();
        store = fresh;
        assertThat(fresh.headPosition())
                .as("newStore() must return an empty store")
                .isZero();
    }

    @AfterEach
    final void releaseStore() {
        ConsentStore s = store;
        store = null;
        if (s != null) {
            closeStore(s);
        }
    }

    @Nested
    @DisplayName("append and read back")
    class Append extends AppendContract {
        Append() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("change feed")
    class Feed extends FeedContract {
        Feed() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("batches are all or nothing")
    class AtomicBatch extends AtomicBatchContract {
        AtomicBatch() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("optimistic concurrency per subject")
    class OptimisticConcurrency extends OptimisticConcurrencyContract {
        OptimisticConcurrency() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("idempotent interactions")
    class Idempotency extends IdempotencyContract {
        Idempotency() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("current states")
    class CurrentStates extends CurrentStateContract {
        CurrentStates() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("evidence and erasure")
    class EvidenceStorage extends EvidenceContract {
        EvidenceStorage() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("purpose versions")
    class Purposes extends PurposeContract {
        Purposes() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("values round-trip exactly")
    class RoundTrip extends RoundTripContract {
        RoundTrip() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("concurrent appends")
    class ConcurrentAppends extends ConcurrentAppendContract {
        ConcurrentAppends() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("a record by its id")
    class RecordLookup extends RecordLookupContract {
        RecordLookup() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("subject links")
    class LinkStorage extends LinkContract {
        LinkStorage() {
            super(ConsentStoreContract.this);
        }
    }

    @Nested
    @DisplayName("the Merkle tree")
    class MerkleTree extends MerkleTreeContract {
        MerkleTree() {
            super(ConsentStoreContract.this);
        }
    }
}
