package dev.consent.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.Purpose;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.spi.SubjectHead;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A store whose every call goes to a target the test can switch, as when a database is restored from an
 * older backup under running applications. Never closes a target.
 */
final class SwitchableStore implements ConsentStore {
    private volatile ConsentStore target;

    SwitchableStore(ConsentStore target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Sends every call from now on to {@code next}. */
    void switchTo(ConsentStore next) {
        this.target = Objects.requireNonNull(next, "next");
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        return target.append(appends);
    }

    @Override
    public SubjectHead loadHead(String subject) {
        return target.loadHead(subject);
    }

    @Override
    public Map<String, SubjectHead> loadHeads(Collection<String> subjects) {
        return target.loadHeads(subjects);
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        return target.readSubject(subject);
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        return target.readFeed(afterPosition, limit);
    }

    @Override
    public long headPosition() {
        return target.headPosition();
    }

    @Override
    public Map<UUID, StoredEvidence> readEvidence(String subject) {
        return target.readEvidence(subject);
    }

    @Override
    public void eraseEvidence(String subject) {
        target.eraseEvidence(subject);
    }

    @Override
    public void savePurpose(Purpose purpose) {
        target.savePurpose(purpose);
    }

    @Override
    public List<Purpose> loadPurposes() {
        return target.loadPurposes();
    }
}
