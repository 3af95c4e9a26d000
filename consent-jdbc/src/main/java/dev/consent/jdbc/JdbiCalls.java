package dev.consent.jdbc;

import dev.consent.ConsentException;
import dev.consent.StoreUnavailableException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Runs the store's work on its Jdbi, on a handle or in a READ COMMITTED transaction, and reports every failure
 * of the database as {@link StoreUnavailableException} with the failure as its cause; the library's own
 * exceptions pass through unchanged.
 */
final class JdbiCalls {
    private final Jdbi jdbi;

    JdbiCalls(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs {@code call} on a handle; {@code what} completes the message "could not ...". */
    <T> T withHandle(String what, HandleCallback<T, RuntimeException> call) {
        try {
            return jdbi.withHandle(call);
        } catch (ConsentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not " + what, e);
        }
    }

    /** Runs {@code call} in a transaction, which rolls back if it fails. */
    <T> T inTransaction(String what, HandleCallback<T, RuntimeException> call) {
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, call);
        } catch (ConsentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not " + what, e);
        }
    }
}
