package dev.consent.internal;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.ReappliedErasures;
import dev.consent.Tombstone;
import dev.consent.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Erasure of subjects, their tombstones and the reapplying of erasures after a restore (see
 * {@code ConsentLedger.erase}, {@code tombstones} and {@code reapplyErasures} for the contract). An erasure
 * is an idempotent lifecycle write under a reserved interaction id, then the deletion of the subject's
 * evidence, which a retry completes. Thread-safe.
 */
final class Erasures {
    /** Tombstones per store read of {@link #tombstones()}. */
    private static final int TOMBSTONE_PAGE = 1_000;
    /** The largest page {@link #tombstones(long, int)} accepts. */
    private static final int MAX_TOMBSTONE_PAGE = 10_000;

    private final SubjectWriter writer;
    private final GuardedStore store;
    private final SnapshotCache cache;
    private final RecordFactory factory;

    Erasures(SubjectWriter writer, GuardedStore store, SnapshotCache cache, RecordFactory factory) {
        this.writer = writer;
        this.store = store;
        this.cache = cache;
        this.factory = factory;
    }

    /** Erases a valid subject: the erasure record, unless there is one, then the evidence. */
    WriteResult erase(String subject, CollectionContext context) {
        String interactionId = Interaction.RESERVED_PREFIX + "erasure";
        WriteResult result = writer.write(subject, interactionId, current -> {
            if (current.lifecycle != null && current.lifecycle.action() == Action.SUBJECT_ERASED) {
                return null;
            }
            return List.of(factory.lifecycle(subject, interactionId, Action.SUBJECT_ERASED, context, current));
        });
        store.eraseEvidence(subject);
        return result;
    }

    List<Tombstone> tombstones() {
        List<Tombstone> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Tombstone> page = tombstones(after, TOMBSTONE_PAGE);
            out.addAll(page);
            if (page.size() < TOMBSTONE_PAGE) {
                return Collections.unmodifiableList(out);
            }
            after = page.get(page.size() - 1).position();
        }
    }

    List<Tombstone> tombstones(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new InvalidInputException("afterPosition", afterPosition, "must not be negative");
        }
        if (limit < 1 || limit > MAX_TOMBSTONE_PAGE) {
            throw new InvalidInputException("limit", limit, "must be between 1 and " + MAX_TOMBSTONE_PAGE);
        }
        List<ConsentRecord> erasures = store.readErasures(afterPosition, limit);
        List<Tombstone> out = new ArrayList<>(erasures.size());
        for (ConsentRecord r : erasures) {
            out.add(Tombstone.of(r));
        }
        return List.copyOf(out);
    }

    ReappliedErasures reapply(Collection<Tombstone> tombstones, CollectionContext context) {
        LinkedHashSet<String> subjects = new LinkedHashSet<>();
        int i = 0;
        for (Tombstone t : tombstones) {
            if (t == null) {
                throw new InvalidInputException("tombstones[" + i + "]", null, "must not be null");
            }
            subjects.add(t.subject());
            i++;
        }
        List<String> erasedAgain = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<String> evidenceDeleted = new ArrayList<>();
        for (String subject : subjects) {
            // after a restore under a running process, a cached snapshot may still show an erasure the store lost
            cache.invalidate(subject);
            boolean hadEvidence = !store.readEvidence(subject).isEmpty();
            WriteResult result = erase(Checks.subject(subject), context);
            (result.replayed() ? already : erasedAgain).add(subject);
            if (hadEvidence) {
                evidenceDeleted.add(subject);
            }
        }
        return new ReappliedErasures(erasedAgain, already, evidenceDeleted);
    }
}
