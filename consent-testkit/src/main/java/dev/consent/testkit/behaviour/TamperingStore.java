package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoredEvidence;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A store whose reads return damaged records, as if someone with write access to the database had
 * changed, removed, reordered or forged rows. The damage is a function applied to every list of records
 * read through {@code readFeed} and {@code readSubject}, in ledger order, and to the latest records of
 * every head read through {@code loadCurrentState} and {@code loadCurrentStates}, in any order: a store's current state
 * points at record rows, so it shows the damaged rows too. The current state can also be damaged on its
 * own ({@link #tamperCurrentStates}), as if its table had been changed apart from the records.
 */
public final class TamperingStore extends ForwardingStore {
    private volatile UnaryOperator<List<ConsentRecord>> records = UnaryOperator.identity();
    private volatile UnaryOperator<Map<UUID, StoredEvidence>> evidence = UnaryOperator.identity();
    private volatile UnaryOperator<CurrentState> heads = UnaryOperator.identity();

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

    /** Damages every current state read from now on, after the damage to records, if any. */
    public void tamperCurrentStates(UnaryOperator<CurrentState> damage) {
        this.heads = damage;
    }

    /** Damages only what the current state of {@code subject} answers, from now on. */
    public void tamperCurrentStateOf(String subject, UnaryOperator<List<ConsentRecord>> damage) {
        tamperCurrentStates(state -> state.subject().equals(subject)
                ? new CurrentState(state.subject(), damage.apply(state.latest()), state.asOfPosition())
                : state);
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        return damaged(super.loadCurrentState(subject));
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects) {
        Map<String, CurrentState> out = new LinkedHashMap<>();
        super.loadCurrentStates(subjects).forEach((subject, head) -> out.put(subject, damaged(head)));
        return out;
    }

    private CurrentState damaged(CurrentState head) {
        CurrentState rows = new CurrentState(head.subject(), records.apply(head.latest()), head.asOfPosition());
        return heads.apply(rows);
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        return records.apply(super.readSubject(subject));
    }

    @Override
    public Map<String, List<ConsentRecord>> readSubjects(Collection<String> subjects) {
        Map<String, List<ConsentRecord>> out = new LinkedHashMap<>();
        super.readSubjects(subjects).forEach((subject, history) -> out.put(subject, records.apply(history)));
        return out;
    }

    /** The record as the damaged reads of the ledger show it: empty when the damage removed it. */
    @Override
    public java.util.Optional<ConsentRecord> readRecord(UUID recordId) {
        return super.readRecord(recordId)
                .flatMap(r -> records.apply(List.of(r)).stream()
                        .filter(d -> d.id().equals(recordId))
                        .findFirst());
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
