package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A transaction that forwards every call, for tests that step in between (a write on another thread, say). */
class ForwardingTransaction implements StoreTransaction {
    private final StoreTransaction delegate;

    ForwardingTransaction(StoreTransaction delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        return delegate.append(appends);
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        return delegate.loadCurrentState(subject);
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        return delegate.readSubject(subject);
    }

    @Override
    public void afterCommit(Runnable action) {
        delegate.afterCommit(action);
    }

    /** Runs {@code write} on another thread and waits up to 10 s for it. */
    static void onAnotherThread(Runnable write) {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(write).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the write on another thread failed or waited too long", e);
        } finally {
            other.shutdownNow();
        }
    }
}
