package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.Purpose;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.EvidenceRef;
import dev.consent.spi.PeriodCounts;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A store that forwards every call to another, for wrappers that count, fail, delay or tamper. It does
 * not close its delegate: the suite owns the real store and closes it once, after every system built
 * over it is closed.
 */
public class ForwardingStore implements ConsentStore {
    protected final ConsentStore delegate;
    private final boolean interceptsWrites;

    /** @param delegate the store every call goes to */
    public ForwardingStore(ConsentStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.interceptsWrites = overridesWrites();
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        return delegate.append(appends);
    }

    @Override
    public List<ConsentRecord> appendBuilt(
            String subject,
            String interactionId,
            @Nullable CurrentState known,
            Function<CurrentState, @Nullable SubjectAppend> build) {
        return interceptsWrites
                ? ConsentStore.super.appendBuilt(subject, interactionId, known, build)
                : delegate.appendBuilt(subject, interactionId, known, build);
    }

    /**
     * Whether this wrapper's class overrides {@code append} or {@code loadCurrentState}: then
     * {@code appendBuilt} runs the interface's default over them, so that the ledger's writes pass through the
     * wrapper as they always did; otherwise it goes to the delegate's own (a JDBC store's group commit).
     */
    private boolean overridesWrites() {
        try {
            return getClass().getMethod("append", List.class).getDeclaringClass() != ForwardingStore.class
                    || getClass().getMethod("loadCurrentState", String.class).getDeclaringClass()
                            != ForwardingStore.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        return delegate.loadCurrentState(subject);
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects) {
        return delegate.loadCurrentStates(subjects);
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        return delegate.readSubject(subject);
    }

    @Override
    public java.util.Map<String, List<ConsentRecord>> readSubjects(java.util.Collection<String> subjects) {
        return delegate.readSubjects(subjects);
    }

    @Override
    public java.util.Optional<ConsentRecord> readRecord(UUID recordId) {
        return delegate.readRecord(recordId);
    }

    @Override
    public dev.consent.spi.LedgerTree tree() {
        return delegate.tree();
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        return delegate.readFeed(afterPosition, limit);
    }

    @Override
    public List<ConsentRecord> readErasures(long afterPosition, int limit) {
        return delegate.readErasures(afterPosition, limit);
    }

    @Override
    public PeriodCounts countPeriod(Instant from, Instant to) {
        return delegate.countPeriod(from, to);
    }

    @Override
    public long headPosition() {
        return delegate.headPosition();
    }

    @Override
    public Map<UUID, StoredEvidence> readEvidence(String subject) {
        return delegate.readEvidence(subject);
    }

    @Override
    public void eraseEvidence(String subject) {
        delegate.eraseEvidence(subject);
    }

    @Override
    public List<EvidenceRef> readEvidenceRecordedBefore(
            Instant cutoff, @Nullable Set<String> purposeIds, long afterPosition, int limit) {
        return delegate.readEvidenceRecordedBefore(cutoff, purposeIds, afterPosition, limit);
    }

    @Override
    public int removeEvidence(Collection<EvidenceRef> records) {
        return delegate.removeEvidence(records);
    }

    @Override
    public List<String> readSubjectsLastRecordedBefore(Instant cutoff, String afterSubject, int limit) {
        return delegate.readSubjectsLastRecordedBefore(cutoff, afterSubject, limit);
    }

    @Override
    public void savePurpose(Purpose purpose) {
        delegate.savePurpose(purpose);
    }

    @Override
    public List<Purpose> loadPurposes() {
        return delegate.loadPurposes();
    }

    @Override
    public void saveRegistryEvent(dev.consent.spi.RegistryEvent event) {
        delegate.saveRegistryEvent(event);
    }

    @Override
    public List<dev.consent.spi.RegistryEvent> loadRegistryEvents() {
        return delegate.loadRegistryEvents();
    }

    @Override
    public List<dev.consent.spi.PeriodCounts.EndStateCount> countSelectedEndStates(
            Instant from, Instant to, List<dev.consent.GrantFilter> anyOf) {
        return delegate.countSelectedEndStates(from, to, anyOf);
    }

    @Override
    public long countGrants(dev.consent.GrantFilter filter) {
        return delegate.countGrants(filter);
    }

    @Override
    public void saveLink(dev.consent.SubjectLink link) {
        delegate.saveLink(link);
    }

    @Override
    public List<dev.consent.SubjectLink> readLinks(String subject) {
        return delegate.readLinks(subject);
    }

    /** Leaves the delegate open; see the class comment. */
    @Override
    public void close() {}
}
