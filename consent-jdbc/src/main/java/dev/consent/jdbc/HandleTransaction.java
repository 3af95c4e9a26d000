package dev.consent.jdbc;

import dev.consent.ConsentException;
import dev.consent.ConsentRecord;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.SubjectAppend;
import dev.consent.spi.SubjectHead;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ledger's SQL on an application's Jdbi handle, inside the transaction the application opened. */
class HandleTransaction implements StoreTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(HandleTransaction.class);

    final Handle handle;
    private final Ledger ledger;

    HandleTransaction(Handle handle, Ledger ledger) {
        this.handle = handle;
        this.ledger = ledger;
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        Objects.requireNonNull(appends, "appends");
        return guarded("append to the ledger", () -> ledger.append(handle, appends));
    }

    @Override
    public SubjectHead loadHead(String subject) {
        Objects.requireNonNull(subject, "subject");
        return guarded("read the head of a subject", () -> ledger.loadHead(handle, subject));
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
