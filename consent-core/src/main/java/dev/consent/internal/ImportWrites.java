package dev.consent.internal;

import dev.consent.Action;
import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentChange;
import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.WriteResult;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The write path of {@code dev.consent.imports}: many interactions of many subjects, each with its own time in
 * the past ({@link Interaction#occurredAt()}), appended in few store calls. Not API.
 *
 * <p>Each interaction is one record (or one per item) built by the ledger's own record factory on its subject's
 * state, so every rule of {@link ConsentLedger#record} holds: a time before the subject's latest record or in the
 * future is rejected, expiry runs from the given time, the chain hashes it. The states of a batch's subjects are
 * read in one call, and the histories of those that have records in one more; a subject's interactions are chained in input order, one per store call ("round"), since an
 * append carries one interaction per subject; each store call is atomic. A {@link Action#DENIED} item is recorded
 * as {@link Action#WITHDRAWN} when the subject's latest record for the purpose grants it. An interaction id the
 * subject already has is reported as present and not written. If a round loses a race with another writer, the
 * rest of the batch goes through the ledger's single-interaction path, which reads, retries and replays.
 * Thread-safe.
 */
public final class ImportWrites {
    /** What happened to one interaction. */
    public enum Kind {
        /** Its records were appended. */
        WRITTEN,
        /** The subject already had its interaction id: nothing written. */
        PRESENT,
        /** The ledger rejected it: nothing written. */
        REJECTED
    }

    /**
     * The outcome of one interaction.
     *
     * @param kind what happened
     * @param records the records appended, or those stored earlier when present; empty when rejected
     * @param rejection why it was rejected, or {@code null}
     */
    public record Outcome(
            Kind kind,
            List<ConsentRecord> records,
            @Nullable InvalidInputException rejection) {}

    private final GuardedStore store;
    private final SnapshotCache cache;
    private final CommitOrder commits;
    private final RecordFactory factory;
    private final SubjectWriter writer;
    private final DefaultPurposeRegistry registry;

    ImportWrites(
            GuardedStore store,
            SnapshotCache cache,
            CommitOrder commits,
            RecordFactory factory,
            SubjectWriter writer,
            DefaultPurposeRegistry registry) {
        this.registry = registry;
        this.store = store;
        this.cache = cache;
        this.commits = commits;
        this.factory = factory;
        this.writer = writer;
    }

    /**
     * The import writer of a system's ledger.
     *
     * @throws IllegalArgumentException if the ledger is not the library's own
     */
    public static ImportWrites of(ConsentLedger ledger) {
        if (!(ledger instanceof DefaultLedger d)) {
            throw new IllegalArgumentException("not a ledger built by ConsentSystem: " + ledger.getClass());
        }
        return d.importWrites();
    }

    /**
     * Writes the interactions, in order per subject.
     *
     * @return one outcome per interaction, in the order given
     * @throws dev.consent.StoreUnavailableException if the store failed; interactions of rounds that completed
     *     before stay written
     */
    public List<Outcome> write(List<Interaction> interactions) {
        Outcome[] out = new Outcome[interactions.size()];
        Map<String, ArrayDeque<Integer>> queues = new LinkedHashMap<>();
        for (int i = 0; i < interactions.size(); i++) {
            Interaction in = interactions.get(i);
            writer.preload(in);
            queues.computeIfAbsent(in.subject(), k -> new ArrayDeque<>()).add(i);
        }
        long clockFreeAfter = cache.clockFreeAfter();
        Map<String, CurrentState> states = store.loadCurrentStates(queues.keySet());
        Map<String, Snapshot> snapshots = new LinkedHashMap<>();
        Map<String, Set<String>> recorded = new LinkedHashMap<>();
        List<String> withRecords = new ArrayList<>();
        for (String subject : queues.keySet()) {
            Snapshot s = cache.of(states.get(subject), clockFreeAfter);
            snapshots.put(subject, s);
            recorded.put(subject, new HashSet<>());
            if (s.sequence() > 0) {
                withRecords.add(subject);
            }
        }
        if (!withRecords.isEmpty()) {
            // the interaction ids the subjects have, so a row imported before is reported present: one store
            // call for the batch, not one per subject
            store.readSubjects(withRecords).forEach((subject, records) -> {
                Set<String> ids = recorded.get(subject);
                for (ConsentRecord r : records) {
                    ids.add(r.interactionId());
                }
            });
        }
        while (!queues.isEmpty()) {
            List<SubjectAppend> fresh = new ArrayList<>();
            List<SubjectAppend> existing = new ArrayList<>();
            Map<String, Integer> roundIndex = new LinkedHashMap<>();
            for (var it = queues.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                String subject = e.getKey();
                Integer index;
                while ((index = e.getValue().poll()) != null) {
                    Interaction in = interactions.get(index);
                    if (!recorded.get(subject).add(in.interactionId())) {
                        out[index] = new Outcome(Kind.PRESENT, List.of(), null);
                        continue;
                    }
                    Snapshot current = snapshots.get(subject);
                    List<RecordFactory.Prepared> prepared;
                    try {
                        prepared = factory.forInteraction(adjusted(in, current), current);
                    } catch (InvalidInputException rejected) {
                        out[index] = new Outcome(Kind.REJECTED, List.of(), rejected);
                        continue;
                    }
                    SubjectAppend append =
                            RecordFactory.append(subject, in.interactionId(), current.sequence(), prepared);
                    (append.expectedSequence() == 0 ? fresh : existing).add(append);
                    snapshots.put(
                            subject,
                            Objects.requireNonNull(current.apply(append.records(), registry.view(), clockFreeAfter)));
                    roundIndex.put(subject, index);
                    break;
                }
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
            try {
                appendRound(fresh, roundIndex, out, clockFreeAfter);
                appendRound(existing, roundIndex, out, clockFreeAfter);
            } catch (ConcurrentUpdateException | DuplicateInteractionException raced) {
                return oneByOne(interactions, out);
            }
        }
        return List.of(out);
    }

    private void appendRound(
            List<SubjectAppend> appends, Map<String, Integer> roundIndex, Outcome[] out, long clockFreeAfter) {
        if (appends.isEmpty()) {
            return;
        }
        long ticket = commits.begin();
        List<ConsentRecord> stored = null;
        try {
            stored = store.append(appends);
        } finally {
            if (stored == null) {
                for (SubjectAppend a : appends) {
                    cache.invalidate(a.subject());
                }
                commits.end(ticket, null);
            }
        }
        int next = 0;
        List<ConsentChange> changes = new ArrayList<>(appends.size());
        for (SubjectAppend a : appends) {
            List<ConsentRecord> mine = stored.subList(next, next + a.records().size());
            next += a.records().size();
            cache.applyWrite(a.subject(), mine, clockFreeAfter);
            out[roundIndex.get(a.subject())] = new Outcome(Kind.WRITTEN, List.copyOf(mine), null);
            changes.add(new ConsentChange(
                    a.subject(),
                    a.interactionId(),
                    mine,
                    mine.get(mine.size() - 1).position()));
        }
        commits.end(ticket, null);
        commits.transactionCommitted(changes);
    }

    /** The rest of a batch after a lost race, one interaction at a time through the ledger's write path. */
    private List<Outcome> oneByOne(List<Interaction> interactions, Outcome[] out) {
        for (int i = 0; i < interactions.size(); i++) {
            Interaction in = interactions.get(i);
            if (out[i] != null) {
                continue;
            }
            try {
                WriteResult r = writer.write(
                        in.subject(),
                        in.interactionId(),
                        current -> factory.forInteraction(adjusted(in, current), current));
                out[i] = new Outcome(r.replayed() ? Kind.PRESENT : Kind.WRITTEN, r.records(), null);
            } catch (InvalidInputException e) {
                WriteResult earlier = writer.recorded(in.subject(), in.interactionId());
                cache.invalidate(in.subject());
                out[i] = earlier != null
                        ? new Outcome(Kind.PRESENT, earlier.records(), null)
                        : new Outcome(Kind.REJECTED, List.of(), e);
            }
        }
        return List.of(out);
    }

    /** {@code in} with each denial that follows a grant of its purpose turned into a withdrawal. */
    static Interaction adjusted(Interaction in, Snapshot current) {
        boolean change = false;
        for (Interaction.Item item : in.items()) {
            change |= item.action() == Action.DENIED && grants(current, item.purposeId());
        }
        if (!change) {
            return in;
        }
        Interaction.Builder b = Interaction.builder(in.subject())
                .interactionId(in.interactionId())
                .context(in.context());
        in.occurredAt().ifPresent(b::occurredAt);
        for (Interaction.Item item : in.items()) {
            Action action = item.action() == Action.DENIED && grants(current, item.purposeId())
                    ? Action.WITHDRAWN
                    : item.action();
            b.decision(item.purposeId(), item.version(), action);
        }
        return b.build();
    }

    private static boolean grants(Snapshot current, String purposeId) {
        ConsentRecord latest = current.latest.get(purposeId);
        return latest != null && latest.action() == Action.GRANTED;
    }
}
