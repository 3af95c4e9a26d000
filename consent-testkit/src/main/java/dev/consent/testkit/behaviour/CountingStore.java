package dev.consent.testkit.behaviour;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the reads a system makes of its store, so tests can assert how often it goes to the store. */
public final class CountingStore extends ForwardingStore {
    private final AtomicInteger loadCurrentState = new AtomicInteger();
    private final AtomicInteger loadCurrentStates = new AtomicInteger();
    private final AtomicInteger loadCurrentStatesSubjects = new AtomicInteger();
    private final AtomicInteger readSubject = new AtomicInteger();
    private final AtomicInteger readFeed = new AtomicInteger();
    private final AtomicInteger readRecord = new AtomicInteger();
    private final Map<String, AtomicInteger> loadsBySubject = new ConcurrentHashMap<>();

    /** @param delegate the store every call goes to */
    public CountingStore(ConsentStore delegate) {
        super(delegate);
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        loadCurrentState.incrementAndGet();
        loadsBySubject.computeIfAbsent(subject, k -> new AtomicInteger()).incrementAndGet();
        return super.loadCurrentState(subject);
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects) {
        loadCurrentStates.incrementAndGet();
        loadCurrentStatesSubjects.addAndGet(subjects.size());
        for (String subject : subjects) {
            loadsBySubject.computeIfAbsent(subject, k -> new AtomicInteger()).incrementAndGet();
        }
        return super.loadCurrentStates(subjects);
    }

    @Override
    public java.util.List<dev.consent.ConsentRecord> readSubject(String subject) {
        readSubject.incrementAndGet();
        return super.readSubject(subject);
    }

    @Override
    public java.util.Optional<dev.consent.ConsentRecord> readRecord(java.util.UUID recordId) {
        readRecord.incrementAndGet();
        return super.readRecord(recordId);
    }

    @Override
    public java.util.List<dev.consent.ConsentRecord> readFeed(long afterPosition, int limit) {
        readFeed.incrementAndGet();
        return super.readFeed(afterPosition, limit);
    }

    /** Calls of {@code readSubject} since the last {@link #reset()}. */
    public int readSubjectCalls() {
        return readSubject.get();
    }

    /** Calls of {@code readRecord} since the last {@link #reset()}. */
    public int readRecordCalls() {
        return readRecord.get();
    }

    /** Calls of {@code readFeed} since the last {@link #reset()}. */
    public int readFeedCalls() {
        return readFeed.get();
    }

    /** Calls of {@code loadCurrentState} since the last {@link #reset()}. */
    public int loadCurrentStateCalls() {
        return loadCurrentState.get();
    }

    /** Calls of {@code loadCurrentStates} since the last {@link #reset()}. */
    public int loadCurrentStatesCalls() {
        return loadCurrentStates.get();
    }

    /** Subjects asked for through {@code loadCurrentStates} since the last {@link #reset()}. */
    public int loadCurrentStatesSubjects() {
        return loadCurrentStatesSubjects.get();
    }

    /** How often {@code subject} was read through either method since the last {@link #reset()}. */
    public int loadsOf(String subject) {
        AtomicInteger n = loadsBySubject.get(subject);
        return n == null ? 0 : n.get();
    }

    /** Sets every counter to zero. */
    public void reset() {
        loadCurrentState.set(0);
        loadCurrentStates.set(0);
        loadCurrentStatesSubjects.set(0);
        readSubject.set(0);
        readFeed.set(0);
        readRecord.set(0);
        loadsBySubject.clear();
    }
}
