package dev.consent.retention;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentException;
import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.StoreUnavailableException;
import dev.consent.retention.RetentionRun.RuleResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.EvidenceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Applies or counts one rule at a time, paging through the store. Every store failure becomes a
 * {@link StoreUnavailableException} naming the step; what was done before it stays done, and a next run finds
 * only what is left (the store answers with evidence still stored and subjects not yet erased). Not
 * thread-safe: one per run.
 */
final class RuleRunner {
    /** Records or subjects read per store call of a dry run. */
    static final int DRY_RUN_PAGE = 1_000;

    private final ConsentStore store;
    private final ConsentLedger ledger;
    private final CollectionContext context;

    RuleRunner(ConsentStore store, ConsentLedger ledger, CollectionContext context) {
        this.store = store;
        this.ledger = ledger;
        this.context = context;
    }

    /** Removes the evidence of the records older than {@code cutoff}, a batch per store call. */
    RuleResult removeEvidence(RetentionRule rule, Instant cutoff, @Nullable Set<String> purposes, int batchSize) {
        long removed = 0;
        int batches = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<EvidenceRef> page = call(
                    () -> store.readEvidenceRecordedBefore(cutoff, purposes, from, batchSize),
                    "read the records whose evidence is older than " + cutoff);
            if (page.isEmpty()) {
                break;
            }
            removed += call(() -> store.removeEvidence(page), "remove the evidence of " + page.size() + " records");
            batches++;
            after = page.get(page.size() - 1).position();
            if (page.size() < batchSize) {
                break;
            }
        }
        return new RuleResult(rule, cutoff, sorted(purposes), removed, List.of(), batches);
    }

    /** Counts the records whose evidence {@link #removeEvidence} would remove, leaving out those in {@code seen}. */
    RuleResult countEvidence(
            RetentionRule rule, Instant cutoff, @Nullable Set<String> purposes, @Nullable Set<UUID> seen) {
        long found = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<EvidenceRef> page = call(
                    () -> store.readEvidenceRecordedBefore(cutoff, purposes, from, DRY_RUN_PAGE),
                    "read the records whose evidence is older than " + cutoff);
            for (EvidenceRef ref : page) {
                if (seen == null || seen.add(ref.recordId())) {
                    found++;
                }
            }
            if (page.size() < DRY_RUN_PAGE) {
                break;
            }
            after = page.get(page.size() - 1).position();
        }
        return new RuleResult(rule, cutoff, sorted(purposes), found, List.of(), 0);
    }

    /**
     * Erases the subjects whose last record is older than {@code cutoff}, a batch of subjects per store read.
     * Each subject's state is read again just before its erasure, so a subject who came back since the batch
     * was read is left alone.
     */
    RuleResult eraseSubjects(RetentionRule rule, Instant cutoff, int batchSize) {
        List<String> erased = new ArrayList<>();
        int batches = 0;
        String after = "";
        while (true) {
            String from = after;
            List<String> page = call(
                    () -> store.readSubjectsLastRecordedBefore(cutoff, from, batchSize),
                    "read the subjects last recorded before " + cutoff);
            if (page.isEmpty()) {
                break;
            }
            for (String subject : page) {
                CurrentState state = call(() -> store.loadCurrentState(subject), "read the current state of a subject");
                if (inactive(state, cutoff) && !ledger.erase(subject, context).replayed()) {
                    erased.add(subject);
                }
            }
            batches++;
            after = page.get(page.size() - 1);
            if (page.size() < batchSize) {
                break;
            }
        }
        return new RuleResult(rule, cutoff, List.of(), 0, erased, batches);
    }

    /** Lists the subjects {@link #eraseSubjects} would erase, leaving out those in {@code seen}. */
    RuleResult countSubjects(RetentionRule rule, Instant cutoff, @Nullable Set<String> seen) {
        List<String> found = new ArrayList<>();
        String after = "";
        while (true) {
            String from = after;
            List<String> page = call(
                    () -> store.readSubjectsLastRecordedBefore(cutoff, from, DRY_RUN_PAGE),
                    "read the subjects last recorded before " + cutoff);
            for (String subject : page) {
                if (seen == null || seen.add(subject)) {
                    found.add(subject);
                }
            }
            if (page.size() < DRY_RUN_PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        return new RuleResult(rule, cutoff, List.of(), 0, found, 0);
    }

    /** Whether the subject has records, all before {@code cutoff}, and none an erasure. */
    private static boolean inactive(CurrentState state, Instant cutoff) {
        if (state.latest().isEmpty()) {
            return false;
        }
        for (ConsentRecord r : state.latest()) {
            if (!r.recordedAt().isBefore(cutoff) || r.action() == Action.SUBJECT_ERASED) {
                return false;
            }
        }
        return true;
    }

    private static List<String> sorted(@Nullable Set<String> purposes) {
        return purposes == null ? List.of() : purposes.stream().sorted().toList();
    }

    /**
     * A store call: the store's own failures become {@link StoreUnavailableException}; the library's exceptions
     * and {@link UnsupportedOperationException} (a store without retention) pass unchanged.
     */
    private static <T> T call(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (ConsentException | UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not " + what + "; running retention again does what is left", e);
        }
    }
}
