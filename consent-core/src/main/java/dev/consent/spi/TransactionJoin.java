package dev.consent.spi;

import dev.consent.TransactionalLedger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Lets the ledger's writes join a transaction the calling thread is in, without the caller naming it: set on
 * {@code ConsentSystem.Builder.transactionJoin}, it is asked on every write of
 * {@link dev.consent.ConsentWriter} made through {@code ConsentSystem.ledger()}. When it answers a ledger,
 * the write goes through that ledger (so it commits or rolls back with the caller's transaction, and the
 * cache and listeners hear of it at that commit); when it answers null, the write runs in a transaction of
 * its own, as without a join. The Spring integration implements it over Spring's transaction
 * synchronization.
 *
 * <p>An implementation keeps one {@link TransactionalLedger} per transaction: on the first write of a
 * transaction it makes a {@link StoreTransaction} over the transaction's connection, calls {@code open} with
 * it and keeps the answer until the transaction ends, so that later writes of the transaction build on the
 * earlier ones. It should be cheap when the thread is in no transaction: it is on every write's path.
 */
@FunctionalInterface
public interface TransactionJoin {

    /**
     * The writes of the transaction the calling thread is in, or null to write outside any.
     *
     * @param open makes the ledger's writes for a store transaction
     */
    @Nullable
    TransactionalLedger joined(Function<StoreTransaction, TransactionalLedger> open);

    /** The join that never joins: every write runs in a transaction of its own. The default. */
    static TransactionJoin none() {
        return open -> null;
    }
}
