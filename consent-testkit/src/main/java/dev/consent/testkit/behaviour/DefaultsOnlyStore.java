package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.Purpose;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store that forwards only the methods every store must implement, so that the SPI's default methods
 * (tombstones and report counts walking the feed) run over the delegate's data: the reference the store's
 * own implementations are compared with. Leaves the delegate open.
 */
public final class DefaultsOnlyStore implements ConsentStore {
    private final ConsentStore delegate;

    /** @param delegate the store whose data is read */
    public DefaultsOnlyStore(ConsentStore delegate) {
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
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        return delegate.readFeed(afterPosition, limit);
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
}
