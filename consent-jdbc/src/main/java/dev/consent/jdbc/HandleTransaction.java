package dev.consent.jdbc;

import dev.consent.ConsentException;
import dev.consent.ConsentRecord;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ledger's SQL on an application's Jdbi handle, inside the transaction the application opened. */
class HandleTransaction implements StoreTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(HandleTransaction.class);

    final Handle handle;
    private final LedgerSql ledger;
    /** Set at the first append: this transaction holds the ledger-head lock from then until it ends. */
    private OpenTransactions.@Nullable Entry writing;

    HandleTransaction(Handle handle, LedgerSql ledger) {
        this.handle = handle;
        this.ledger = ledger;
    }

    /**
     * Appends under a savepoint: a failure rolls the caller's transaction back to where it was before this
     * append, so no part of it (an interaction row, a record, a current-state row) can be committed with the
     * application's own work. H2 and MariaDB keep the earlier statements of a transaction after one fails;
     * PostgreSQL aborts the transaction, and the savepoint keeps it usable after a duplicate.
     */
    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        Objects.requireNonNull(appends, "appends");
        OpenTransactions.checkNoneOtherThan(ledger, writing);
        if (writing == null) {
            OpenTransactions.Entry entry = OpenTransactions.writing(ledger);
            whenEnded(entry::end);
            writing = entry;
        }
        return guarded("append to the ledger", () -> {
            String savepoint = "consent_append";
            handle.savepoint(savepoint);
            List<ConsentRecord> stored;
            try {
                stored = ledger.append(handle, appends);
            } catch (RuntimeException e) {
                try {
                    handle.rollbackToSavepoint(savepoint);
                } catch (RuntimeException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
            try {
                handle.releaseSavepoint(savepoint);
            } catch (RuntimeException ignored) {
                // the savepoint ends with the transaction anyway
            }
            return stored;
        });
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        Objects.requireNonNull(subject, "subject");
        return guarded("read the current state of a subject", () -> ledger.loadCurrentState(handle, subject));
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        return guarded("read the history of a subject", () -> ledger.readSubject(handle, subject));
    }

    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        handle.afterCommit(() -> runGuarded(action));
    }

    /**
     * Runs {@code action} when the transaction ends, committed or rolled back: here through Jdbi's callbacks of
     * the handle, which run when the transaction is ended through the handle.
     */
    void whenEnded(Runnable action) {
        handle.afterCommit(action);
        handle.afterRollback(action);
    }

    static void runGuarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("an after-commit action failed; the commit stands", e);
        }
    }

    private static <T> T guarded(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ConsentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not " + what + " in the caller's transaction", e);
        }
    }
}
