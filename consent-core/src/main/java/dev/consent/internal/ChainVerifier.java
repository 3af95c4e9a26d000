package dev.consent.internal;

import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.VerificationReport;
import dev.consent.VerificationReport.Kind;
import dev.consent.VerificationReport.Problem;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.RecordHasher;
import dev.consent.spi.StoredEvidence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Walks hash chains. The whole-ledger walk reads the feed in pages and keeps the tip of each subject's chain in
 * memory; it checks content, links, sequence gaps and order, then compares the store's current state of
 * every subject walked with its records ({@link CurrentStateComparison}), loading it in chunks. The per-subject walk
 * checks the same for one subject, and also the stored evidence against the digests in the records.
 */
final class ChainVerifier {
    static final int PAGE = 1_000;
    /** Subjects whose current state is loaded per store call. */
    static final int STATES_CHUNK = 1_000;

    private final RecordHasher hasher;
    private final Map<String, Tip> tips = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private long records;

    private static final class Tip {
        long sequence;

        @Nullable
        Hash hash;
    }

    ChainVerifier(RecordHasher hasher) {
        this.hasher = hasher;
    }

    VerificationReport verifyAll(ConsentStore store) {
        CurrentStateComparison current = new CurrentStateComparison(hasher, store.headPosition());
        long after = 0;
        while (true) {
            List<ConsentRecord> page = store.readFeed(after, PAGE);
            for (ConsentRecord r : page) {
                current.note(r, check(r));
                after = Math.max(after, r.position());
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        List<String> subjects = current.subjects();
        for (int from = 0; from < subjects.size(); from += STATES_CHUNK) {
            List<String> chunk = subjects.subList(from, Math.min(subjects.size(), from + STATES_CHUNK));
            Map<String, CurrentState> answered = store.loadCurrentStates(chunk);
            for (String subject : chunk) {
                current.compare(subject, answered.get(subject), problems);
            }
        }
        return new VerificationReport(tips.size(), records, problems);
    }

    VerificationReport verifySubject(ConsentStore store, String subject) {
        CurrentStateComparison current = new CurrentStateComparison(hasher, store.headPosition());
        List<ConsentRecord> history = store.readSubject(subject);
        Map<UUID, StoredEvidence> evidence = store.readEvidence(subject);
        for (ConsentRecord r : history) {
            current.note(r, check(r));
            StoredEvidence e = evidence.get(r.id());
            if (e != null && !Objects.equals(RecordHasher.evidenceDigest(e.evidence(), e.salt()), r.evidenceDigest())) {
                problems.add(new Problem(
                        Kind.EVIDENCE_CHANGED,
                        subject,
                        r.id(),
                        r.position(),
                        r.subjectSequence(),
                        "the stored evidence does not match the digest in the record"));
            }
        }
        current.compare(subject, store.loadCurrentState(subject), problems);
        return new VerificationReport(history.isEmpty() ? 0 : 1, records, problems);
    }

    /** Checks one record against its subject's chain so far; returns whether its content matches its hash. */
    private boolean check(ConsentRecord r) {
        records++;
        boolean contentOk = hasher.hash(r).equals(r.hash());
        if (!contentOk) {
            problems.add(problem(Kind.CONTENT_CHANGED, r, "the record's content does not match its hash"));
        }
        Tip tip = tips.computeIfAbsent(r.subject(), k -> new Tip());
        long expected = tip.sequence + 1;
        if (r.subjectSequence() < expected) {
            problems.add(problem(
                    Kind.OUT_OF_ORDER,
                    r,
                    "sequence " + r.subjectSequence() + " comes after sequence " + tip.sequence
                            + " of the same subject"));
        } else if (r.subjectSequence() > expected) {
            problems.add(problem(
                    Kind.MISSING_BEFORE,
                    r,
                    (r.subjectSequence() - expected) + " record(s) missing before this one (sequence " + expected
                            + " to " + (r.subjectSequence() - 1) + ")"));
        } else if (!Objects.equals(r.previousHash(), tip.hash)) {
            problems.add(problem(
                    Kind.BROKEN_LINK, r, "the previous-hash does not match the hash of sequence " + tip.sequence));
        }
        if (r.subjectSequence() >= tip.sequence) {
            tip.sequence = r.subjectSequence();
            tip.hash = r.hash();
        }
        return contentOk;
    }

    private static Problem problem(Kind kind, ConsentRecord r, String detail) {
        return new Problem(kind, r.subject(), r.id(), r.position(), r.subjectSequence(), detail);
    }
}
