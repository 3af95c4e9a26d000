package dev.consent.memory;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.behaviour.ForwardingStore;
import dev.consent.testkit.behaviour.TxHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only: the in-memory store with transactions an application owns, as a database store has them.
 * One ledger lock, like the JDBC store's ledger-head row lock, is taken by every append outside a
 * transaction and by a transaction's first append, which holds it until the transaction ends, so the
 * positions a transaction is given are the ones it commits with. Reads never wait and see only committed
 * records. A transaction keeps its appends to itself until it commits; reads inside it see them. The
 * commit applies them one append at a time, which nothing can interleave (the transaction holds the lock)
 * and nothing should fail (they were checked when appended).
 */
final class TransactionalMemoryStore extends ForwardingStore {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalMemoryStore.class);
    /** How long an append waits for the ledger lock before failing, as a database's lock timeout. */
    private static final long LOCK_WAIT_SECONDS = 10;

    private final Semaphore ledgerLock = new Semaphore(1);

    TransactionalMemoryStore() {
        super(new InMemoryConsentStore());
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        lock();
        try {
            return super.append(appends);
        } finally {
            ledgerLock.release();
        }
    }

    /** Opens a transaction. */
    TxHandle begin() {
        return new Transaction();
    }

    private void lock() {
        try {
            if (!ledgerLock.tryAcquire(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new StoreUnavailableException("lock wait timeout: a transaction holds the ledger lock", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the ledger lock", e);
        }
    }

    private final class Transaction implements TxHandle, StoreTransaction {
        private final List<SubjectAppend> pending = new ArrayList<>();
        /** The pending records with their positions, in position order. */
        private final List<ConsentRecord> appended = new ArrayList<>();

        private final List<Runnable> afterCommit = new ArrayList<>();
        private boolean locked;
        private boolean ended;

        @Override
        public StoreTransaction transaction() {
            return this;
        }

        @Override
        public List<ConsentRecord> append(List<SubjectAppend> appends) {
            requireOpen();
            if (!locked) {
                lock();
                locked = true;
            }
            Set<String> seen = new HashSet<>();
            for (SubjectAppend a : appends) {
                if (!seen.add(a.subject())) {
                    throw new InvalidInputException("appends", a.subject(), "holds the same subject twice");
                }
                List<ConsentRecord> history = readSubject(a.subject());
                for (ConsentRecord r : history) {
                    if (r.interactionId().equals(a.interactionId())) {
                        throw new DuplicateInteractionException(a.subject(), a.interactionId());
                    }
                }
                long sequence =
                        history.isEmpty() ? 0 : history.get(history.size() - 1).subjectSequence();
                if (sequence != a.expectedSequence()) {
                    throw new ConcurrentUpdateException(a.subject(), a.expectedSequence());
                }
            }
            long position = delegate.headPosition() + appended.size(); // stable: this transaction holds the lock
            List<ConsentRecord> out = new ArrayList<>();
            for (SubjectAppend a : appends) {
                for (ConsentRecord r : a.records()) {
                    out.add(r.withPosition(++position));
                }
            }
            pending.addAll(appends);
            appended.addAll(out);
            return List.copyOf(out);
        }

        @Override
        public CurrentState loadCurrentState(String subject) {
            requireOpen();
            CurrentState committed = delegate.loadCurrentState(subject);
            List<ConsentRecord> own = own(subject);
            if (own.isEmpty()) {
                return committed;
            }
            Map<String, ConsentRecord> latest = new HashMap<>();
            for (ConsentRecord r : committed.latest()) {
                latest.put(key(r), r);
            }
            for (ConsentRecord r : own) {
                latest.put(key(r), r);
            }
            long asOf =
                    Math.max(committed.asOfPosition(), own.get(own.size() - 1).position());
            return new CurrentState(subject, List.copyOf(latest.values()), asOf);
        }

        @Override
        public List<ConsentRecord> readSubject(String subject) {
            requireOpen();
            List<ConsentRecord> out = new ArrayList<>(delegate.readSubject(subject));
            out.addAll(own(subject));
            return List.copyOf(out);
        }

        @Override
        public void afterCommit(Runnable action) {
            requireOpen();
            afterCommit.add(action);
        }

        @Override
        public void commit() {
            requireOpen();
            ended = true;
            try {
                List<ConsentRecord> stored = new ArrayList<>();
                for (SubjectAppend a : pending) {
                    stored.addAll(delegate.append(List.of(a)));
                }
                if (!stored.equals(appended)) {
                    throw new IllegalStateException("the commit stored other positions than the transaction gave out");
                }
            } finally {
                unlock();
            }
            for (Runnable action : afterCommit) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("an after-commit action failed", e);
                }
            }
        }

        @Override
        public void rollback() {
            requireOpen();
            ended = true;
            unlock();
        }

        private List<ConsentRecord> own(String subject) {
            List<ConsentRecord> out = new ArrayList<>();
            for (ConsentRecord r : appended) {
                if (r.subject().equals(subject)) {
                    out.add(r);
                }
            }
            return out;
        }

        private void unlock() {
            if (locked) {
                locked = false;
                ledgerLock.release();
            }
        }

        private void requireOpen() {
            if (ended) {
                throw new IllegalStateException("the transaction has ended");
            }
        }

        private String key(ConsentRecord r) {
            return r.purposeId() != null ? r.purposeId() : "#" + r.action();
        }
    }
}
