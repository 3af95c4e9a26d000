package dev.consent.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoredEvidence;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A store whose reads return damaged records, as if someone with write access to the database had
 * changed, removed, reordered or forged rows. The damage is a function applied to every list of records
 * read through {@code readFeed} and {@code readSubject}; the records handed in are in ledger order.
 */
public final class TamperingStore extends ForwardingStore {
    private volatile UnaryOperator<List<ConsentRecord>> records = UnaryOperator.identity();
    private volatile UnaryOperator<Map<UUID, StoredEvidence>> evidence = UnaryOperator.identity();

    /** @param delegate the honest store underneath */
    public TamperingStore(ConsentStore delegate) {
        super(delegate);
    }

    /** Damages every list of records read from now on. */
    public void tamperRecords(UnaryOperator<List<ConsentRecord>> damage) {
        this.records = damage;
    }

    /** Damages every evidence map read from now on. */
    public void tamperEvidence(UnaryOperator<Map<UUID, StoredEvidence>> damage) {
        this.evidence = damage;
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        return records.apply(super.readSubject(subject));
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        return records.apply(super.readFeed(afterPosition, limit));
    }

    @Override
    public Map<UUID, StoredEvidence> readEvidence(String subject) {
        return evidence.apply(super.readEvidence(subject));
    }
}
