package dev.consent.testkit.store;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Hash;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RecordHasher;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Valid, properly hash-chained records for tests of a {@link ConsentStore}, built without a
 * {@code ConsentSystem}. Part of the test kit, beside {@link ConsentStoreContract}.
 *
 * <pre>{@code
 * Chain alice = TestRecords.newChain("alice");
 * SubjectAppend first = alice.append("form-1", grant("marketing.email"), grant("analytics").version(2));
 * store.append(List.of(first));
 * alice = alice.after(first);                       // the next append builds on the new head
 * store.append(List.of(alice.append("form-2", decision("marketing.email", Action.WITHDRAWN))));
 * }</pre>
 *
 * <p>Hashes are plain SHA-256 ({@code RecordHasher} without a key), exactly as a {@code ConsentSystem}
 * without an integrity key computes them. Thread-safe.
 */
public final class TestRecords {
    /** When the first record of a chain happened unless a draft says otherwise; millisecond precision. */
    public static final Instant T0 = Instant.parse("2024-05-14T14:14:00.123Z");

    private static final RecordHasher HASHER = new RecordHasher(null);
    private static final Hash UNSEALED = Hash.of(new byte[Hash.LENGTH]);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestRecords() {}

    /** A grant of version 1 of the purpose, collected on the web from the subject. */
    public static Draft grant(String purposeId) {
        return decision(purposeId, Action.GRANTED);
    }

    /** A decision about version 1 of the purpose, collected on the web from the subject. */
    public static Draft decision(String purposeId, Action action) {
        if (action.concernsSubject()) {
            throw new IllegalArgumentException(action + " concerns the subject; use lifecycle(action)");
        }
        return new Draft(
                Objects.requireNonNull(purposeId, "purposeId"),
                1,
                action,
                null,
                null,
                null,
                null,
                Channel.WEB,
                Actor.subject(),
                null,
                null);
    }

    /**
     * A record that concerns the subject ({@code SUBJECT_ERASED}, {@code SUBJECT_DECEASED}, {@code AGE_STATED}):
     * no purpose, version 0.
     */
    public static Draft lifecycle(Action action) {
        if (!action.concernsSubject()) {
            throw new IllegalArgumentException(action + " does not concern the subject as a whole");
        }
        return new Draft(null, 0, action, null, null, null, null, Channel.API, Actor.system(), null, null);
    }

    /** The chain of a subject without records. */
    public static Chain newChain(String subject) {
        return new Chain(subject, 0, null);
    }

    /** The chain continuing after {@code records}, the subject's stored records in sequence order. */
    public static Chain chainAfter(String subject, List<ConsentRecord> records) {
        if (records.isEmpty()) {
            return newChain(subject);
        }
        ConsentRecord last = records.get(records.size() - 1);
        return new Chain(subject, last.subjectSequence(), last.hash());
    }

    /** A purpose builder with a title, a description and the CONSENT basis already set. */
    public static Purpose.Builder purpose(String id) {
        return Purpose.builder(id)
                .title("Title of " + id)
                .description("What " + id + " is for.")
                .legalBasis(LegalBasis.CONSENT);
    }

    /** {@code record} with its hash computed; the position is reset to 0. */
    public static ConsentRecord seal(ConsentRecord record) {
        Hash hash = HASHER.hash(record);
        return new ConsentRecord(
                0,
                record.id(),
                record.subject(),
                record.subjectSequence(),
                record.purposeId(),
                record.purposeVersion(),
                record.action(),
                record.recordedAt(),
                record.expiresAt(),
                record.noticeVersion(),
                record.collectionPoint(),
                record.channel(),
                record.actor(),
                record.jurisdiction(),
                record.interactionId(),
                record.evidenceDigest(),
                record.previousHash(),
                hash);
    }

    /**
     * What is wrong with one subject's records, read in sequence order: a hash that does not match the
     * content, a sequence gap, or a broken link. Empty when the chain is intact.
     */
    public static List<String> chainProblems(List<ConsentRecord> records) {
        List<String> problems = new ArrayList<>();
        long sequence = 0;
        Hash previous = null;
        for (ConsentRecord r : records) {
            if (!HASHER.hash(r).equals(r.hash())) {
                problems.add("record " + r.id() + " (sequence " + r.subjectSequence() + ") does not match its hash");
            }
            if (r.subjectSequence() != sequence + 1) {
                problems.add("sequence " + r.subjectSequence() + " follows sequence " + sequence);
            }
            if (!Objects.equals(r.previousHash(), previous)) {
                problems.add("record " + r.id() + " (sequence " + r.subjectSequence()
                        + ") does not link to its predecessor");
            }
            sequence = r.subjectSequence();
            previous = r.hash();
        }
        return problems;
    }

    /**
     * The head of one subject's chain: the next append builds on it. Immutable: {@link #after} returns
     * the chain an append leads to, so a test decides itself whether the append was stored.
     *
     * @param subject the subject
     * @param sequence the sequence of the latest record, 0 for none; the next append expects it
     * @param tipHash the hash of the latest record, {@code null} for none
     */
    public record Chain(
            String subject, long sequence, @Nullable Hash tipHash) {
        /** Checks the components. */
        public Chain {
            Objects.requireNonNull(subject, "subject");
        }

        /**
         * One append of the drafts as consecutive records after this head, in one interaction. Records
         * happen at {@link #T0} plus their sequence in seconds unless the draft sets a time. Evidence gets
         * a fresh random salt and its digest goes into the record.
         */
        public SubjectAppend append(String interactionId, Draft... drafts) {
            List<ConsentRecord> records = new ArrayList<>(drafts.length);
            Map<UUID, StoredEvidence> evidence = new HashMap<>();
            long next = sequence;
            Hash previous = tipHash;
            for (Draft d : drafts) {
                next++;
                Hash digest = null;
                UUID id = UUID.randomUUID();
                if (d.evidence() != null) {
                    byte[] salt = new byte[16];
                    RANDOM.nextBytes(salt);
                    evidence.put(id, new StoredEvidence(d.evidence(), salt));
                    digest = RecordHasher.evidenceDigest(d.evidence(), salt);
                }
                Instant at = d.recordedAt() != null ? d.recordedAt() : T0.plusSeconds(next);
                ConsentRecord sealed = seal(new ConsentRecord(
                        0,
                        id,
                        subject,
                        next,
                        d.purposeId(),
                        d.purposeVersion(),
                        d.action(),
                        at,
                        d.expiresAt(),
                        d.noticeVersion(),
                        d.collectionPoint(),
                        d.channel(),
                        d.actor(),
                        d.jurisdiction(),
                        interactionId,
                        digest,
                        previous,
                        UNSEALED));
                records.add(sealed);
                previous = sealed.hash();
            }
            return new SubjectAppend(subject, interactionId, sequence, records, evidence);
        }

        /** The chain whose head is the last record of {@code append}, which must build on this chain. */
        public Chain after(SubjectAppend append) {
            if (!append.subject().equals(subject) || append.expectedSequence() != sequence) {
                throw new IllegalArgumentException("the append does not build on this chain");
            }
            ConsentRecord last = append.records().get(append.records().size() - 1);
            return new Chain(subject, last.subjectSequence(), last.hash());
        }
    }

    /**
     * The fields of one record a test chooses; the {@link Chain} fills in the id, subject, sequence,
     * interaction, digest and hashes. Immutable; each {@code with} method returns a changed copy.
     *
     * @param purposeId the purpose, {@code null} for a lifecycle action
     * @param purposeVersion the purpose version, 0 for a lifecycle action
     * @param action the action
     * @param recordedAt when it happened, or {@code null} for the chain's default
     * @param expiresAt when it expires, or {@code null}
     * @param noticeVersion the notice version, or {@code null}
     * @param collectionPoint the collection point, or {@code null}
     * @param channel the channel
     * @param actor the actor
     * @param jurisdiction the jurisdiction, or {@code null}
     * @param evidence the evidence to store beside the record, or {@code null} for none
     */
    public record Draft(
            @Nullable String purposeId,
            int purposeVersion,
            Action action,
            @Nullable Instant recordedAt,
            @Nullable Instant expiresAt,
            @Nullable String noticeVersion,
            @Nullable String collectionPoint,
            Channel channel,
            Actor actor,
            @Nullable String jurisdiction,
            @Nullable Evidence evidence) {

        /** This draft for another version of its purpose. */
        public Draft version(int version) {
            return new Draft(
                    purposeId,
                    version,
                    action,
                    recordedAt,
                    expiresAt,
                    noticeVersion,
                    collectionPoint,
                    channel,
                    actor,
                    jurisdiction,
                    evidence);
        }

        /** This draft happening at {@code at}. */
        public Draft at(Instant at) {
            return new Draft(
                    purposeId,
                    purposeVersion,
                    action,
                    at,
                    expiresAt,
                    noticeVersion,
                    collectionPoint,
                    channel,
                    actor,
                    jurisdiction,
                    evidence);
        }

        /** This draft expiring at {@code at}. */
        public Draft expiresAt(@Nullable Instant at) {
            return new Draft(
                    purposeId,
                    purposeVersion,
                    action,
                    recordedAt,
                    at,
                    noticeVersion,
                    collectionPoint,
                    channel,
                    actor,
                    jurisdiction,
                    evidence);
        }

        /** This draft with a notice version, a collection point and a jurisdiction. */
        public Draft collected(@Nullable String notice, @Nullable String point, @Nullable String where) {
            return new Draft(
                    purposeId,
                    purposeVersion,
                    action,
                    recordedAt,
                    expiresAt,
                    notice,
                    point,
                    channel,
                    actor,
                    where,
                    evidence);
        }

        /** This draft collected through {@code via} by {@code by}. */
        public Draft by(Channel via, Actor by) {
            return new Draft(
                    purposeId,
                    purposeVersion,
                    action,
                    recordedAt,
                    expiresAt,
                    noticeVersion,
                    collectionPoint,
                    via,
                    by,
                    jurisdiction,
                    evidence);
        }

        /** This draft with evidence stored beside it. */
        public Draft evidence(@Nullable Evidence with) {
            return new Draft(
                    purposeId,
                    purposeVersion,
                    action,
                    recordedAt,
                    expiresAt,
                    noticeVersion,
                    collectionPoint,
                    channel,
                    actor,
                    jurisdiction,
                    with);
        }
    }
}
