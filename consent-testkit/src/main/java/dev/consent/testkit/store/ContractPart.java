package dev.consent.testkit.store;

import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import dev.consent.testkit.store.TestRecords.Draft;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * What the topic classes of {@link ConsentStoreContract} share: the store of the running test and a few
 * helpers. Each topic class is nested into the contract, so it runs for every store.
 */
abstract class ContractPart {
    private final ConsentStoreContract contract;

    ContractPart(ConsentStoreContract contract) {
        this.contract = contract;
    }

    final ConsentStore store() {
        return contract.store();
    }

    final ConsentStoreContract contract() {
        return contract;
    }

    /** Appends the appends as one batch and returns the stored records. */
    final List<ConsentRecord> append(SubjectAppend... appends) {
        return store().append(List.of(appends));
    }

    /** Appends the drafts after {@code chain} in one interaction and returns the chain that follows. */
    final Chain write(Chain chain, String interactionId, Draft... drafts) {
        SubjectAppend a = chain.append(interactionId, drafts);
        store().append(List.of(a));
        return chain.after(a);
    }

    /** The whole feed. */
    final List<ConsentRecord> feed() {
        return store().readFeed(0, Integer.MAX_VALUE);
    }

    static List<Long> positions(List<ConsentRecord> records) {
        return records.stream().map(ConsentRecord::position).toList();
    }

    static List<Long> sequences(List<ConsentRecord> records) {
        return records.stream().map(ConsentRecord::subjectSequence).toList();
    }

    /** first, first + 1, ..., last. */
    static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    /**
     * A text of exactly {@code length} UTF-16 units: {@code pattern} repeated, never splitting a
     * surrogate pair (an ASCII {@code x} fills the last unit when a pair would not fit).
     */
    static String exactly(int length, String pattern) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (out.length() < length) {
            int cp = pattern.codePointAt(i);
            out.appendCodePoint(out.length() + Character.charCount(cp) <= length ? cp : 'x');
            i = (i + Character.charCount(cp)) % pattern.length();
        }
        return out.toString();
    }

    /** The records of a current state in sequence order, so current states compare regardless of the store's order. */
    static List<ConsentRecord> latestInOrder(CurrentState current) {
        return current.latest().stream()
                .sorted(Comparator.comparingLong(ConsentRecord::subjectSequence))
                .toList();
    }

    /** Everything the store shows of the ledger and of these subjects, to compare before and after. */
    final State state(String... subjects) {
        Map<String, List<ConsentRecord>> records = new LinkedHashMap<>();
        Map<String, List<ConsentRecord>> states = new LinkedHashMap<>();
        Map<String, Map<UUID, StoredEvidence>> evidence = new LinkedHashMap<>();
        for (String s : subjects) {
            records.put(s, store().readSubject(s));
            states.put(s, latestInOrder(store().loadCurrentState(s)));
            evidence.put(s, store().readEvidence(s));
        }
        return new State(store().headPosition(), feed(), records, states, evidence);
    }

    /** What {@link #state} shows of an empty store. */
    final State emptyState(String... subjects) {
        Map<String, List<ConsentRecord>> none = new LinkedHashMap<>();
        Map<String, Map<UUID, StoredEvidence>> noEvidence = new LinkedHashMap<>();
        for (String s : subjects) {
            none.put(s, List.of());
            noEvidence.put(s, Map.of());
        }
        return new State(0, List.of(), none, none, noEvidence);
    }

    /** A view of the store; see {@link #state(String...)}. */
    record State(
            long headPosition,
            List<ConsentRecord> feed,
            Map<String, List<ConsentRecord>> records,
            Map<String, List<ConsentRecord>> states,
            Map<String, Map<UUID, StoredEvidence>> evidence) {}
}
