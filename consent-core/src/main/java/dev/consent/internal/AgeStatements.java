package dev.consent.internal;

import dev.consent.Action;
import dev.consent.AgeOfConsent;
import dev.consent.AgeStatement;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.Limits;
import dev.consent.spi.RecordHasher;
import dev.consent.spi.StoredEvidence;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link Action#AGE_STATED} records: the subject-level record whose {@code expiresAt} is the instant the
 * subject reaches the age of digital consent of the stated jurisdiction, sealed into the subject's chain, with
 * the birth date or age band as evidence (salted digest in the record, value erasable). Writes nothing.
 * Thread-safe.
 */
final class AgeStatements {
    /** Evidence attribute names the statement itself uses. */
    static final java.util.Set<String> RESERVED = java.util.Set.of("birthDate", "ageBand");

    private static final Hash UNSEALED = Hash.of(new byte[Hash.LENGTH]);

    private final AgeOfConsent ages;
    private final RecordFactory factory;
    private final SecureRandom random = new SecureRandom();

    AgeStatements(AgeOfConsent ages, RecordFactory factory) {
        this.ages = ages;
        this.factory = factory;
    }

    /**
     * Checks what can be checked before anything is read or written.
     *
     * @throws InvalidInputException naming the field: a jurisdiction with no age configured, a context whose
     *     jurisdiction differs from the statement's, or evidence using a reserved attribute name
     */
    void validate(AgeStatement statement, CollectionContext ctx) {
        if (ages.find(statement.jurisdiction()).isEmpty()) {
            throw new InvalidInputException(
                    "jurisdiction",
                    statement.jurisdiction(),
                    "has no age of digital consent configured; set it with AgeOfConsent.Builder.age");
        }
        if (ctx.jurisdiction() != null && !ctx.jurisdiction().equals(statement.jurisdiction())) {
            throw new InvalidInputException(
                    "context.jurisdiction",
                    ctx.jurisdiction(),
                    "differs from the statement's jurisdiction " + statement.jurisdiction());
        }
        for (String name : RESERVED) {
            if (ctx.evidence().attributes().containsKey(name)) {
                throw new InvalidInputException(
                        "context.evidence.attributes", name, "is reserved for the age statement itself");
            }
        }
    }

    /** The record of {@code statement} on the subject's current state, sealed into its chain. */
    RecordFactory.Prepared prepare(
            String subject, String interactionId, AgeStatement statement, CollectionContext ctx, Snapshot current) {
        if (current.lifecycle != null) {
            throw new InvalidInputException(
                    "subject",
                    subject,
                    (current.lifecycle.action() == Action.SUBJECT_ERASED
                                    ? "was erased at "
                                    : "is recorded as deceased at ")
                            + current.lifecycle.recordedAt() + "; nothing more can be recorded for it");
        }
        Instant now = factory.now();
        Instant at = current.tipTime() != null && current.tipTime().isAfter(now) ? current.tipTime() : now;
        Instant comesOfAge = ages.comesOfAge(statement, at);
        Map<String, String> attributes = new TreeMap<>(ctx.evidence().attributes());
        attributes.putAll(statement.evidenceAttributes());
        Evidence evidence =
                new Evidence(ctx.evidence().ipAddress(), ctx.evidence().userAgent(), attributes);
        byte[] salt = new byte[Limits.SALT_LENGTH];
        random.nextBytes(salt);
        ConsentRecord sealed = factory.seal(new ConsentRecord(
                0,
                RecordHasher.newRecordId(),
                subject,
                current.sequence() + 1,
                null,
                0,
                Action.AGE_STATED,
                at,
                comesOfAge,
                ctx.noticeVersion(),
                ctx.collectionPoint(),
                ctx.channel(),
                ctx.actor(),
                statement.jurisdiction(),
                interactionId,
                RecordHasher.evidenceDigest(evidence, salt),
                current.tipHash(),
                UNSEALED));
        return new RecordFactory.Prepared(sealed, new StoredEvidence(evidence, salt));
    }
}
