package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.Purpose;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A store that fails on demand, the way a driver does when the database is down: with a plain
 * {@link RuntimeException} rather than anything the consent library defines. Either every call fails
 * ({@link #failEverything()}) or only appends do ({@link #failAppends()}); {@link #recover()} ends it.
 */
public final class FailingStore extends ForwardingStore {
    private enum Mode {
        NONE,
        APPENDS,
        EVERYTHING
    }

    private volatile Mode mode = Mode.NONE;

    /** @param delegate the store every call goes to while it is healthy */
    public FailingStore(ConsentStore delegate) {
        super(delegate);
    }

    /** Every call fails from now on. */
    public void failEverything() {
        mode = Mode.EVERYTHING;
    }

    /** Appends fail from now on, before reaching the store; reads still work. */
    public void failAppends() {
        mode = Mode.APPENDS;
    }

    /** The store works again. */
    public void recover() {
        mode = Mode.NONE;
    }

    private void maybeFail(String call) {
        if (mode == Mode.EVERYTHING) {
            throw new IllegalStateException("simulated outage: " + call + " failed, connection refused");
        }
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        if (mode != Mode.NONE) {
            throw new IllegalStateException("simulated outage: append failed, connection refused");
        }
        return super.append(appends);
    }

    @Override
    public List<ConsentRecord> appendBuilt(
            String subject,
            String interactionId,
            @Nullable CurrentState known,
            Function<CurrentState, @Nullable SubjectAppend> build) {
        if (mode != Mode.NONE) {
            throw new IllegalStateException("simulated outage: append failed, connection refused");
        }
        return super.appendBuilt(subject, interactionId, known, build);
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        maybeFail("loadCurrentState");
        return super.loadCurrentState(subject);
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects) {
        maybeFail("loadCurrentStates");
        return super.loadCurrentStates(subjects);
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        maybeFail("readSubject");
        return super.readSubject(subject);
    }

    @Override
    public Map<String, List<ConsentRecord>> readSubjects(Collection<String> subjects) {
        maybeFail("readSubjects");
        return super.readSubjects(subjects);
    }

    @Override
    public java.util.Optional<ConsentRecord> readRecord(UUID recordId) {
        maybeFail("readRecord");
        return super.readRecord(recordId);
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        maybeFail("readFeed");
        return super.readFeed(afterPosition, limit);
    }

    @Override
    public List<ConsentRecord> readErasures(long afterPosition, int limit) {
        maybeFail("readErasures");
        return super.readErasures(afterPosition, limit);
    }

    @Override
    public dev.consent.spi.PeriodCounts countPeriod(java.time.Instant from, java.time.Instant to) {
        maybeFail("countPeriod");
        return super.countPeriod(from, to);
    }

    @Override
    public long headPosition() {
        maybeFail("headPosition");
        return super.headPosition();
    }

    @Override
    public Map<UUID, StoredEvidence> readEvidence(String subject) {
        maybeFail("readEvidence");
        return super.readEvidence(subject);
    }

    @Override
    public void eraseEvidence(String subject) {
        maybeFail("eraseEvidence");
        super.eraseEvidence(subject);
    }

    @Override
    public List<dev.consent.spi.EvidenceRef> readEvidenceRecordedBefore(
            java.time.Instant cutoff, java.util.@Nullable Set<String> purposeIds, long afterPosition, int limit) {
        maybeFail("readEvidenceRecordedBefore");
        return super.readEvidenceRecordedBefore(cutoff, purposeIds, afterPosition, limit);
    }

    @Override
    public int removeEvidence(Collection<dev.consent.spi.EvidenceRef> records) {
        maybeFail("removeEvidence");
        return super.removeEvidence(records);
    }

    @Override
    public List<String> readSubjectsLastRecordedBefore(java.time.Instant cutoff, String afterSubject, int limit) {
        maybeFail("readSubjectsLastRecordedBefore");
        return super.readSubjectsLastRecordedBefore(cutoff, afterSubject, limit);
    }

    @Override
    public void savePurpose(Purpose purpose) {
        maybeFail("savePurpose");
        super.savePurpose(purpose);
    }

    @Override
    public List<Purpose> loadPurposes() {
        maybeFail("loadPurposes");
        return super.loadPurposes();
    }

    @Override
    public void saveRegistryEvent(dev.consent.spi.RegistryEvent event) {
        maybeFail("saveRegistryEvent");
        super.saveRegistryEvent(event);
    }

    @Override
    public List<dev.consent.spi.RegistryEvent> loadRegistryEvents() {
        maybeFail("loadRegistryEvents");
        return super.loadRegistryEvents();
    }

    @Override
    public List<dev.consent.spi.PeriodCounts.EndStateCount> countSelectedEndStates(
            java.time.Instant from, java.time.Instant to, List<dev.consent.GrantFilter> anyOf) {
        maybeFail("countSelectedEndStates");
        return super.countSelectedEndStates(from, to, anyOf);
    }

    @Override
    public long countGrants(dev.consent.GrantFilter filter) {
        maybeFail("countGrants");
        return super.countGrants(filter);
    }

    @Override
    public void saveLink(dev.consent.SubjectLink link) {
        maybeFail("saveLink");
        super.saveLink(link);
    }

    @Override
    public List<dev.consent.SubjectLink> readLinks(String subject) {
        maybeFail("readLinks");
        return super.readLinks(subject);
    }
}
