package dev.consent.internal;

import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.VerificationReport.Kind;
import dev.consent.VerificationReport.Problem;
import dev.consent.spi.CurrentState;
import dev.consent.spi.RecordHasher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Checks a store's current state against its records: the latest record per purpose and per lifecycle
 * action that {@code loadCurrentState} answers for a subject (what checks decide on) must be the one the subject's
 * records say is latest, with the same content. A store that keeps that state apart from the records (the
 * JDBC store's current-state table) could let the two drift, which no hash chain shows.
 *
 * <p>Appends may run meanwhile. Records are noted only up to a bound, a ledger head position read before
 * any record was; a record the store's state answers above the bound but within its own
 * {@link CurrentState#asOfPosition()} was appended since and is not compared. The store must give out
 * positions in commit order (as the SPI requires), so that every record up to the bound has been read.
 * Keeps a few small entries per subject, not the records. Not thread-safe.
 */
final class CurrentStateComparison {
    private final RecordHasher hasher;
    private final long bound;
    private final Map<String, List<Tip>> tips = new LinkedHashMap<>();

    /** What the records say is the latest record of one purpose (or lifecycle action) of a subject. */
    private static final class Tip {
        final String key;
        final UUID id;
        final long position;
        final long sequence;
        final Hash hash;
        /** Whether the record's content matched its hash when walked (if not, it is reported already). */
        final boolean contentOk;

        Tip(String key, ConsentRecord r, boolean contentOk) {
            this.key = key;
            this.id = r.id();
            this.position = r.position();
            this.sequence = r.subjectSequence();
            this.hash = r.hash();
            this.contentOk = contentOk;
        }

        boolean sameRecord(ConsentRecord r) {
            return id.equals(r.id())
                    && position == r.position()
                    && sequence == r.subjectSequence()
                    && hash.equals(r.hash());
        }
    }

    /** @param bound the ledger's head position, read before the first record is read */
    CurrentStateComparison(RecordHasher hasher, long bound) {
        this.hasher = hasher;
        this.bound = bound;
    }

    /** Notes a walked record; {@code contentOk} says whether its content matched its hash. */
    void note(ConsentRecord r, boolean contentOk) {
        if (r.position() > bound) {
            return;
        }
        List<Tip> subjectTips = tips.computeIfAbsent(r.subject(), k -> new ArrayList<>(4));
        String key = key(r);
        for (int i = 0; i < subjectTips.size(); i++) {
            if (subjectTips.get(i).key.equals(key)) {
                if (r.subjectSequence() > subjectTips.get(i).sequence) {
                    subjectTips.set(i, new Tip(key, r, contentOk));
                }
                return;
            }
        }
        subjectTips.add(new Tip(key, r, contentOk));
    }

    /** The subjects with a noted record, in the order first seen. */
    List<String> subjects() {
        return List.copyOf(tips.keySet());
    }

    /**
     * Compares what the store answered for {@code subject} (null: no answer, taken as no records) with the
     * noted records, adding a {@link Kind#CURRENT_STATE_MISMATCH} to {@code problems} for each purpose or lifecycle
     * action whose deciding record differs (where the store answers several for one, the one with the
     * highest sequence decides, as in a check).
     */
    void compare(String subject, @Nullable CurrentState answered, List<Problem> problems) {
        long asOf = answered == null ? 0 : answered.asOfPosition();
        Map<String, ConsentRecord> current = new LinkedHashMap<>();
        for (ConsentRecord r : answered == null ? List.<ConsentRecord>of() : answered.latest()) {
            // as checks read a state: of two records for one purpose, the later decides
            current.merge(key(r), r, (a, b) -> b.subjectSequence() > a.subjectSequence() ? b : a);
        }
        for (Tip tip : tips.getOrDefault(subject, List.of())) {
            ConsentRecord r = current.remove(tip.key);
            String what = "the store's current state for " + describe(tip.key);
            if (r == null) {
                problems.add(problem(subject, tip, what + " has no record; the records say " + record(tip)));
            } else if (appendedSince(r, asOf)) {
                continue;
            } else if (!tip.sameRecord(r)) {
                problems.add(
                        problem(subject, tip, what + " points at " + record(r) + "; the records say " + record(tip)));
            } else if (tip.contentOk && !hasher.hash(r).equals(r.hash())) {
                problems.add(problem(
                        subject, tip, what + " holds " + record(r) + " with content other than the stored record's"));
            }
        }
        for (Map.Entry<String, ConsentRecord> e : current.entrySet()) {
            ConsentRecord r = e.getValue();
            if (!appendedSince(r, asOf)) {
                problems.add(new Problem(
                        Kind.CURRENT_STATE_MISMATCH,
                        subject,
                        r.id(),
                        r.position(),
                        r.subjectSequence(),
                        "the store's current state for " + describe(e.getKey()) + " points at " + record(r)
                                + "; the records have none"));
            }
        }
    }

    /** Whether {@code r} lies above the bound but within what the store's answer covers. */
    private boolean appendedSince(ConsentRecord r, long asOf) {
        return r.position() > bound && r.position() <= asOf;
    }

    private static Problem problem(String subject, Tip tip, String detail) {
        return new Problem(Kind.CURRENT_STATE_MISMATCH, subject, tip.id, tip.position, tip.sequence, detail);
    }

    private static String key(ConsentRecord r) {
        return r.purposeId() != null ? r.purposeId() : "#" + r.action().name();
    }

    private static String describe(String key) {
        return key.startsWith("#") ? "lifecycle action " + key.substring(1) : "purpose " + key;
    }

    private static String record(ConsentRecord r) {
        return "record " + r.id() + " (sequence " + r.subjectSequence() + ", position " + r.position() + ")";
    }

    private static String record(Tip tip) {
        return "record " + tip.id + " (sequence " + tip.sequence + ", position " + tip.position + ")";
    }
}
