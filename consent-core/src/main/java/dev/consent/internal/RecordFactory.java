package dev.consent.internal;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Limits;
import dev.consent.Purpose;
import dev.consent.UnknownPurposeException;
import dev.consent.spi.RecordHasher;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns decisions into records sealed into a subject's hash chain: validates them against the registry
 * and the subject's current state, stamps the time, computes expiry, salts and digests the evidence, and hashes
 * each record onto the previous one. Writes nothing. Thread-safe.
 */
final class RecordFactory {
    private static final Hash UNSEALED = Hash.of(new byte[Hash.LENGTH]);

    private final DefaultPurposeRegistry registry;
    private final RecordHasher hasher;
    private final Clock clock;
    private final Duration futureTolerance;
    private final SecureRandom random = new SecureRandom();

    RecordFactory(DefaultPurposeRegistry registry, RecordHasher hasher, Clock clock, Duration futureTolerance) {
        this.registry = registry;
        this.hasher = hasher;
        this.clock = clock;
        this.futureTolerance = futureTolerance;
    }

    /** A record ready to append, with the evidence stored beside it. */
    static final class Prepared {
        final ConsentRecord record;
        final @Nullable StoredEvidence evidence;

        Prepared(ConsentRecord record, @Nullable StoredEvidence evidence) {
            this.record = record;
            this.evidence = evidence;
        }
    }

    /** The interaction of one decision about the current version of a purpose. */
    static Interaction singleDecision(String subject, String purposeId, Action action, CollectionContext context) {
        java.util.Objects.requireNonNull(subject, "subject");
        java.util.Objects.requireNonNull(purposeId, "purposeId");
        java.util.Objects.requireNonNull(context, "context");
        return Interaction.builder(subject)
                .context(context)
                .decision(purposeId, 0, action)
                .build();
    }

    /**
     * The records of an interaction on the subject's current state, sealed into its chain.
     *
     * @throws InvalidInputException if any decision is invalid, naming it
     */
    List<Prepared> forInteraction(Interaction in, Snapshot current) {
        String subject = in.subject();
        if (current.lifecycle != null) {
            throw new InvalidInputException(
                    "subject",
                    subject,
                    current.lifecycle.action() == Action.SUBJECT_ERASED
                            ? "was erased at " + current.lifecycle.recordedAt()
                                    + "; nothing more can be recorded for it"
                            : "is recorded as deceased at " + current.lifecycle.recordedAt()
                                    + "; nothing more can be recorded for it");
        }
        Instant at = recordTime(in, current);
        CollectionContext ctx = in.context();
        List<Interaction.Item> items = new ArrayList<>(in.items());
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            fields.add("items[" + i + "]");
        }
        expandGroups(in, items, fields);
        List<Prepared> out = new ArrayList<>(items.size());
        Hash previous = current.tipHash();
        long sequence = current.sequence();
        for (int i = 0; i < items.size(); i++) {
            Interaction.Item item = items.get(i);
            Purpose seen = purposeSeen(item, fields.get(i));
            Action action = item.action();
            String field = fields.get(i) + ".action";
            if (action.isConsentDecision() && seen.legalBasis() != LegalBasis.CONSENT) {
                throw new InvalidInputException(
                        field,
                        action,
                        "does not apply to purpose " + seen.id() + ", whose legal basis is " + seen.legalBasis()
                                + ", not CONSENT");
            }
            if (action.isObjectionDecision() && seen.legalBasis() != LegalBasis.LEGITIMATE_INTEREST) {
                throw new InvalidInputException(
                        field,
                        action,
                        "does not apply to purpose " + seen.id() + ", whose legal basis is " + seen.legalBasis()
                                + ", not LEGITIMATE_INTEREST");
            }
            if (action.isOptOut() && seen.saleOrSharing().isEmpty()) {
                throw new InvalidInputException(
                        field,
                        action,
                        "does not apply to purpose " + seen.id()
                                + ", which declares no sale or sharing of personal data (Purpose.saleOrSharing)");
            }
            if (action == Action.GRANTED && registry.get(seen.id()).retired()) {
                throw new InvalidInputException(
                        fields.get(i) + ".purpose", seen.id(), "is retired; no new consent can be given to it");
            }
            Instant expiresAt = action == Action.GRANTED ? seen.expiryOf(at).orElse(null) : null;
            StoredEvidence evidence = null;
            Hash digest = null;
            if (!ctx.evidence().isEmpty()) {
                byte[] salt = new byte[Limits.SALT_LENGTH];
                random.nextBytes(salt);
                evidence = new StoredEvidence(ctx.evidence(), salt);
                digest = RecordHasher.evidenceDigest(ctx.evidence(), salt);
            }
            ConsentRecord sealed = seal(new ConsentRecord(
                    0,
                    RecordHasher.newRecordId(),
                    subject,
                    ++sequence,
                    seen.id(),
                    seen.version(),
                    action,
                    at,
                    expiresAt,
                    ctx.noticeVersion(),
                    ctx.collectionPoint(),
                    ctx.channel(),
                    ctx.actor(),
                    ctx.jurisdiction(),
                    in.interactionId(),
                    digest,
                    previous,
                    UNSEALED));
            previous = sealed.hash();
            out.add(new Prepared(sealed, evidence));
        }
        return out;
    }

    /** The clock's instant, in milliseconds. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Evidence attribute naming the visitor a carried record comes from. */
    static final String LINKED_FROM = "linkedFrom";
    /** Evidence attribute naming the record a carried record restates. */
    static final String ORIGIN_RECORD_ID = "originRecordId";

    /**
     * Records restating {@code origins} (the visitor's latest decisions) on the account's current state, sealed into
     * its chain: see {@code ConsentLedger.link} for which fields come from where.
     */
    List<Prepared> carried(
            String account,
            String interactionId,
            String anonymousId,
            List<ConsentRecord> origins,
            CollectionContext ctx,
            Snapshot current) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant at = current.tipTime() != null && current.tipTime().isAfter(now) ? current.tipTime() : now;
        List<Prepared> out = new ArrayList<>(origins.size());
        Hash previous = current.tipHash();
        long sequence = current.sequence();
        for (ConsentRecord origin : origins) {
            Map<String, String> attributes =
                    new java.util.TreeMap<>(ctx.evidence().attributes());
            attributes.put(LINKED_FROM, anonymousId);
            attributes.put(ORIGIN_RECORD_ID, origin.id().toString());
            dev.consent.Evidence evidence = new dev.consent.Evidence(
                    ctx.evidence().ipAddress(), ctx.evidence().userAgent(), attributes);
            byte[] salt = new byte[Limits.SALT_LENGTH];
            random.nextBytes(salt);
            ConsentRecord sealed = seal(new ConsentRecord(
                    0,
                    RecordHasher.newRecordId(),
                    account,
                    ++sequence,
                    origin.purposeId(),
                    origin.purposeVersion(),
                    origin.action(),
                    at,
                    origin.expiresAt(),
                    origin.noticeVersion(),
                    ctx.collectionPoint(),
                    ctx.channel(),
                    ctx.actor(),
                    ctx.jurisdiction(),
                    interactionId,
                    RecordHasher.evidenceDigest(evidence, salt),
                    previous,
                    UNSEALED));
            previous = sealed.hash();
            out.add(new Prepared(sealed, new StoredEvidence(evidence, salt)));
        }
        return out;
    }

    /** The append of prepared records of one subject and interaction, building on {@code expectedSequence}. */
    static SubjectAppend append(String subject, String interactionId, long expectedSequence, List<Prepared> prepared) {
        List<ConsentRecord> records = new ArrayList<>(prepared.size());
        Map<UUID, StoredEvidence> evidence = new HashMap<>();
        for (Prepared p : prepared) {
            records.add(p.record);
            if (p.evidence != null) {
                evidence.put(p.record.id(), p.evidence);
            }
        }
        return new SubjectAppend(subject, interactionId, expectedSequence, records, evidence);
    }

    /** A lifecycle record (erasure, death) on the subject's current state, sealed into its chain. */
    Prepared lifecycle(String subject, String interactionId, Action action, CollectionContext ctx, Snapshot current) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant at = current.tipTime() != null && current.tipTime().isAfter(now) ? current.tipTime() : now;
        ConsentRecord sealed = seal(new ConsentRecord(
                0,
                RecordHasher.newRecordId(),
                subject,
                current.sequence() + 1,
                null,
                0,
                action,
                at,
                null,
                ctx.noticeVersion(),
                ctx.collectionPoint(),
                ctx.channel(),
                ctx.actor(),
                ctx.jurisdiction(),
                interactionId,
                null,
                current.tipHash(),
                UNSEALED));
        return new Prepared(sealed, null);
    }

    /**
     * Adds one item per member of each group decision of {@code in} (current, not retired, basis CONSENT),
     * each at its current version, with the field that names it in errors.
     *
     * @throws InvalidInputException if a group has no such member, or a member is also decided on its own
     */
    private void expandGroups(Interaction in, List<Interaction.Item> items, List<String> fields) {
        java.util.Set<String> decided = new java.util.HashSet<>();
        for (Interaction.Item item : items) {
            decided.add(item.purposeId());
        }
        for (int g = 0; g < in.groups().size(); g++) {
            Interaction.GroupItem group = in.groups().get(g);
            List<Purpose> members = members(group.group());
            if (members.isEmpty()) {
                registry.reload(); // another system may have defined its members
                members = members(group.group());
            }
            if (members.isEmpty()) {
                throw new InvalidInputException(
                        "groups[" + g + "].group",
                        group.group(),
                        "no current, not retired purpose with legal basis CONSENT belongs to this group");
            }
            for (Purpose p : members) {
                if (!decided.add(p.id())) {
                    throw new InvalidInputException(
                            "groups[" + g + "].group",
                            group.group(),
                            "includes purpose " + p.id()
                                    + ", which this interaction already decides on; one decision per purpose");
                }
                items.add(new Interaction.Item(p.id(), p.version(), group.action()));
                fields.add("groups[" + g + "](" + p.id() + ")");
            }
        }
    }

    private List<Purpose> members(String group) {
        List<Purpose> out = new ArrayList<>();
        for (Purpose p : registry.group(group)) {
            if (!p.retired() && p.legalBasis() == LegalBasis.CONSENT) {
                out.add(p);
            }
        }
        return out;
    }

    private Purpose purposeSeen(Interaction.Item item, String field) {
        String id = item.purposeId();
        if (registry.find(id).isEmpty()) {
            registry.reload();
        }
        Purpose current = registry.find(id)
                .orElseThrow(() -> new UnknownPurposeException(field + ".purpose", id, "no such purpose is defined"));
        if (item.version() == 0) {
            return current;
        }
        if (item.version() > current.version()) {
            registry.reload();
        }
        return registry.find(id, item.version())
                .orElseThrow(() -> new UnknownPurposeException(
                        field + ".version",
                        id,
                        "purpose " + id + " has no version " + item.version() + "; the latest is "
                                + registry.get(id).version()));
    }

    private Instant recordTime(Interaction in, Snapshot current) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant latest = current.tipTime();
        if (in.occurredAt().isEmpty()) {
            return latest != null && latest.isAfter(now) ? latest : now;
        }
        Instant at = in.occurredAt().get().truncatedTo(ChronoUnit.MILLIS);
        if (at.isAfter(now.plus(futureTolerance))) {
            throw new InvalidInputException(
                    "occurredAt", at, "is in the future: now is " + now + " and the tolerance is " + futureTolerance);
        }
        if (latest != null && at.isBefore(latest)) {
            throw new InvalidInputException(
                    "occurredAt",
                    at,
                    "is before the subject's latest record at " + latest + "; records are appended in time order");
        }
        return at;
    }

    ConsentRecord seal(ConsentRecord unsealed) {
        Hash hash = hasher.hash(unsealed);
        return new ConsentRecord(
                0,
                unsealed.id(),
                unsealed.subject(),
                unsealed.subjectSequence(),
                unsealed.purposeId(),
                unsealed.purposeVersion(),
                unsealed.action(),
                unsealed.recordedAt(),
                unsealed.expiresAt(),
                unsealed.noticeVersion(),
                unsealed.collectionPoint(),
                unsealed.channel(),
                unsealed.actor(),
                unsealed.jurisdiction(),
                unsealed.interactionId(),
                unsealed.evidenceDigest(),
                unsealed.previousHash(),
                hash);
    }
}
