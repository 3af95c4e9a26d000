package dev.consent.behaviour;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.SubjectHead;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the reads a system makes of its store, so tests can assert how often it goes to the store. */
public final class CountingStore extends ForwardingStore {
    private final AtomicInteger loadHead = new AtomicInteger();
    private final AtomicInteger loadHeads = new AtomicInteger();
    private final AtomicInteger loadHeadsSubjects = new AtomicInteger();
    private final AtomicInteger readSubject = new AtomicInteger();
    private final AtomicInteger readFeed = new AtomicInteger();
    private final Map<String, AtomicInteger> loadsBySubject = new ConcurrentHashMap<>();

    /** @param delegate the store every call goes to */
    public CountingStore(ConsentStore delegate) {
        super(delegate);
    }

    @Override
    public SubjectHead loadHead(String subject) {
        loadHead.incrementAndGet();
        loadsBySubject.computeIfAbsent(subject, k -> new AtomicInteger()).incrementAndGet();
        return super.loadHead(subject);
    }

    @Override
    public Map<String, SubjectHead> loadHeads(Collection<String> subjects) {
        loadHeads.incrementAndGet();
        loadHeadsSubjects.addAndGet(subjects.size());
        for (String subject : subjects) {
            loadsBySubject.computeIfAbsent(subject, k -> new AtomicInteger()).incrementAndGet();
        }
        return super.loadHeads(subjects);
    }

    @Override
    public java.util.List<dev.consent.ConsentRecord> readSubject(String subject) {
        readSubject.incrementAndGet();
        return super.readSubject(subject);
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

    /** Calls of {@code readFeed} since the last {@link #reset()}. */
    public int readFeedCalls() {
        return readFeed.get();
    }

    /** Calls of {@code loadHead} since the last {@link #reset()}. */
    public int loadHeadCalls() {
        return loadHead.get();
    }

    /** Calls of {@code loadHeads} since the last {@link #reset()}. */
    public int loadHeadsCalls() {
        return loadHeads.get();
    }

    /** Subjects asked for through {@code loadHeads} since the last {@link #reset()}. */
    public int loadHeadsSubjects() {
        return loadHeadsSubjects.get();
    }

    /** How often {@code subject} was read through either method since the last {@link #reset()}. */
    public int loadsOf(String subject) {
        AtomicInteger n = loadsBySubject.get(subject);
        return n == null ? 0 : n.get();
    }

    /** Sets every counter to zero. */
    public void reset() {
        loadHead.set(0);
        loadHeads.set(0);
        loadHeadsSubjects.set(0);
        readSubject.set(0);
        readFeed.set(0);
        loadsBySubject.clear();
    }
}
