package dev.consent;

import dev.consent.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the ledger holds about one subject, for a data-subject access request (GDPR Art. 15): the state
 * per purpose now, every record with its evidence, the purpose texts the person saw, the identifiers linked
 * to the subject and its lifecycle. Made by {@link ConsentLedger#export(String)}; immutable. Its JSON form
 * ({@link #toJson()}, read back by {@link #fromJson(String)} into an equal value) is described field by field
 * in {@code docs/export-format.md}; field names are stable within a {@link #formatVersion()}, and a later
 * version adds fields (readers ignore fields they do not know) and raises the version only when it changes
 * or removes one.
 *
 * <p>For an erased subject the records are still listed (the ledger keeps them as proof) but
 * {@link #erased()} is {@code true} and no record carries evidence: it was deleted.
 *
 * @param formatVersion the version of this document's shape, {@value #FORMAT_VERSION}
 * @param generatedAt when the export was made (the system's clock); the state is as of this instant
 * @param subject the subject
 * @param erased whether the subject was erased (its evidence is gone)
 * @param deceased whether the subject was reported deceased
 * @param lifecycleRecordId the latest lifecycle record (erasure or death), or {@code null}
 * @param purposes the state now of every defined purpose, sorted by purpose id
 * @param history every record of the subject, oldest first
 * @param purposeTexts every purpose version the records refer to (the texts the person saw) and the version
 *     of each purpose in force at {@code generatedAt}, sorted by id and version
 * @param links the links in which the subject is the anonymous id or the account id, oldest first
 */
public record AccessExport(
        int formatVersion,
        Instant generatedAt,
        String subject,
        boolean erased,
        boolean deceased,
        @Nullable UUID lifecycleRecordId,
        List<PurposeEntry> purposes,
        List<RecordEntry> history,
        List<PurposeText> purposeTexts,
        List<LinkEntry> links) {

    /** The version of the shape this class writes. */
    public static final int FORMAT_VERSION = 1;

    /** Checks for nulls and copies the lists. */
    public AccessExport {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(subject, "subject");
        purposes = List.copyOf(purposes);
        history = List.copyOf(history);
        purposeTexts = List.copyOf(purposeTexts);
        links = List.copyOf(links);
    }

    /** This export as JSON, in the shape of {@link #FORMAT_VERSION}. */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * Reads an export written by {@link #toJson()}.
     *
     * @throws InvalidInputException naming {@code json} if it is not an export
     */
    public static AccessExport fromJson(String json) {
        return Json.read("json", Objects.requireNonNull(json, "json"), AccessExport.class, AccessExport::addedFields);
    }

    /**
     * Fields added to format version 1 after its first documents were written, per array of the document: read
     * as absent ({@code null}) from a document written before them, so every export ever written stays readable.
     */
    private static final Map<String, List<String>> ADDED_FIELDS = Map.of("purposeTexts", List.of("maxAgePeriod"));

    private static void addedFields(com.fasterxml.jackson.databind.node.ObjectNode document) {
        for (Map.Entry<String, List<String>> e : ADDED_FIELDS.entrySet()) {
            com.fasterxml.jackson.databind.JsonNode array = document.get(e.getKey());
            if (array == null || !array.isArray()) {
                continue;
            }
            for (com.fasterxml.jackson.databind.JsonNode element : array) {
                if (element instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                    for (String field : e.getValue()) {
                        if (!o.has(field)) {
                            o.putNull(field);
                        }
                    }
                }
            }
        }
    }

    /**
     * The state of the subject for one purpose at {@link #generatedAt()}.
     *
     * @param purposeId the purpose
     * @param purposeVersion the version the deciding record concerns, else the current version
     * @param legalBasis the purpose's legal basis
     * @param status the status
     * @param allowed whether processing is allowed
     * @param reason why
     * @param recordId the record that proves it, or {@code null}
     * @param expiresAt when the deciding grant expires, or {@code null}
     * @param recipients the recipients the consent (or other basis) covers now, as
     *     {@link PurposeState#recipients()} states them: none when processing is denied; for consent, those
     *     named in the version agreed to that the version in force still names
     * @param invalidationId the {@link Invalidation} that makes the deciding grant invalid, or {@code null};
     *     written only when set, and read as {@code null} from documents without it
     */
    public record PurposeEntry(
            String purposeId,
            int purposeVersion,
            LegalBasis legalBasis,
            ConsentStatus status,
            boolean allowed,
            DecisionReason reason,
            @Nullable UUID recordId,
            @Nullable Instant expiresAt,
            List<String> recipients,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @com.fasterxml.jackson.annotation.JacksonInject(
                    value = "invalidationId",
                    useInput = com.fasterxml.jackson.annotation.OptBoolean.TRUE,
                    optional = com.fasterxml.jackson.annotation.OptBoolean.TRUE)
            @Nullable
            UUID invalidationId) {

        /** An entry covering the given recipients, naming no invalidation. */
        public PurposeEntry(
                String purposeId,
                int purposeVersion,
                LegalBasis legalBasis,
                ConsentStatus status,
                boolean allowed,
                DecisionReason reason,
                @Nullable UUID recordId,
                @Nullable Instant expiresAt,
                List<String> recipients) {
            this(purposeId, purposeVersion, legalBasis, status, allowed, reason, recordId, expiresAt, recipients, null);
        }

        /** Checks for nulls and copies the recipients; absent recipients (an older export) read as none. */
        public PurposeEntry {
            Objects.requireNonNull(purposeId, "purposeId");
            Objects.requireNonNull(legalBasis, "legalBasis");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
        }

        /** An entry covering no recipients and naming no invalidation. */
        public PurposeEntry(
                String purposeId,
                int purposeVersion,
                LegalBasis legalBasis,
                ConsentStatus status,
                boolean allowed,
                DecisionReason reason,
                @Nullable UUID recordId,
                @Nullable Instant expiresAt) {
            this(purposeId, purposeVersion, legalBasis, status, allowed, reason, recordId, expiresAt, List.of(), null);
        }
    }

    /**
     * One record of the subject, as {@link ConsentRecord} describes its fields, with its evidence.
     *
     * @param recordId the record id
     * @param position the global ledger position
     * @param subjectSequence the position in the subject's chain
     * @param purposeId the purpose, or {@code null} for a lifecycle record
     * @param purposeVersion the version the person saw, 0 for a lifecycle record
     * @param action what happened
     * @param recordedAt when
     * @param expiresAt when a grant expires, or {@code null}
     * @param noticeVersion the notice or policy version shown, or {@code null}
     * @param collectionPoint where it was collected, or {@code null}
     * @param channel how it was collected
     * @param actorType who acted
     * @param actorId the actor's identifier, or {@code null}
     * @param actorAuthority the actor's authority, or {@code null}
     * @param jurisdiction the jurisdiction, or {@code null}
     * @param interactionId the interaction the record belongs to
     * @param hash the record's hash, hex
     * @param previousHash the previous record's hash, hex, or {@code null} for the first
     * @param evidenceDigest the salted digest of the evidence, hex, or {@code null}
     * @param evidence the evidence still stored, or {@code null} when there was none or it was erased
     */
    public record RecordEntry(
            UUID recordId,
            long position,
            long subjectSequence,
            @Nullable String purposeId,
            int purposeVersion,
            Action action,
            Instant recordedAt,
            @Nullable Instant expiresAt,
            @Nullable String noticeVersion,
            @Nullable String collectionPoint,
            Channel channel,
            ActorType actorType,
            @Nullable String actorId,
            @Nullable String actorAuthority,
            @Nullable String jurisdiction,
            String interactionId,
            String hash,
            @Nullable String previousHash,
            @Nullable String evidenceDigest,
            @Nullable EvidenceEntry evidence) {
        /** Checks for nulls. */
        public RecordEntry {
            Objects.requireNonNull(recordId, "recordId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(recordedAt, "recordedAt");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(actorType, "actorType");
            Objects.requireNonNull(interactionId, "interactionId");
            Objects.requireNonNull(hash, "hash");
        }

        /** The entry of {@code r}, with {@code evidence} if it is still stored. */
        public static RecordEntry of(ConsentRecord r, @Nullable Evidence evidence) {
            return new RecordEntry(
                    r.id(),
                    r.position(),
                    r.subjectSequence(),
                    r.purposeId(),
                    r.purposeVersion(),
                    r.action(),
                    r.recordedAt(),
                    r.expiresAt(),
                    r.noticeVersion(),
                    r.collectionPoint(),
                    r.channel(),
                    r.actor().type(),
                    r.actor().id(),
                    r.actor().authority(),
                    r.jurisdiction(),
                    r.interactionId(),
                    r.hash().toHex(),
                    r.previousHash() == null ? null : r.previousHash().toHex(),
                    r.evidenceDigest() == null ? null : r.evidenceDigest().toHex(),
                    evidence == null
                            ? null
                            : new EvidenceEntry(evidence.ipAddress(), evidence.userAgent(), evidence.attributes()));
        }
    }

    /**
     * Evidence of a record: personal data kept apart from the record.
     *
     * @param ipAddress the IP address, or {@code null}
     * @param userAgent the user agent, or {@code null}
     * @param attributes further evidence by name, sorted by name
     */
    public record EvidenceEntry(
            @Nullable String ipAddress, @Nullable String userAgent, Map<String, String> attributes) {
        /** Copies the attributes, sorted by name. */
        public EvidenceEntry {
            attributes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(attributes));
        }
    }

    /**
     * One purpose version, as {@link Purpose} describes its fields: the text the person saw.
     *
     * @param purposeId the purpose id
     * @param version the version
     * @param title the title shown
     * @param description the description shown
     * @param legalBasis the legal basis
     * @param group the group, or {@code null}
     * @param maxAge how long a consent lasts as an exact duration, or {@code null}
     * @param minValidVersion the oldest version whose consents are valid
     * @param recipients the recipients of the data
     * @param retired whether the version retired the purpose
     * @param category the purpose category, or {@code null}
     * @param piiCategories the categories of personal data processed
     * @param sensitiveCategories the special categories of personal data processed
     * @param definedAt when the version was published, or {@code null}
     * @param maxAgePeriod how long a consent lasts as a calendar period (such as {@code P13M}), or {@code null}
     * @param saleOrSharing whether it sells or shares personal data (names of {@link SaleOrSharing}); empty when
     *     neither
     * @param optOutJurisdictions the jurisdictions where it follows an opt-out model
     */
    public record PurposeText(
            String purposeId,
            int version,
            String title,
            String description,
            LegalBasis legalBasis,
            @Nullable String group,
            @Nullable Duration maxAge,
            int minValidVersion,
            List<String> recipients,
            boolean retired,
            @Nullable String category,
            List<String> piiCategories,
            List<String> sensitiveCategories,
            @Nullable Instant definedAt,
            @Nullable Period maxAgePeriod,
            List<String> saleOrSharing,
            List<String> optOutJurisdictions) {
        /** Checks for nulls and copies the lists. */
        public PurposeText {
            Objects.requireNonNull(purposeId, "purposeId");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(legalBasis, "legalBasis");
            recipients = List.copyOf(recipients);
            piiCategories = List.copyOf(piiCategories);
            sensitiveCategories = List.copyOf(sensitiveCategories);
            // absent from documents written before these fields existed: read as empty
            saleOrSharing = saleOrSharing == null ? List.of() : List.copyOf(saleOrSharing);
            optOutJurisdictions = optOutJurisdictions == null ? List.of() : List.copyOf(optOutJurisdictions);
        }

        /** The text of {@code p}. */
        public static PurposeText of(Purpose p) {
            return new PurposeText(
                    p.id(),
                    p.version(),
                    p.title(),
                    p.description(),
                    p.legalBasis(),
                    p.group().orElse(null),
                    p.maxAge().orElse(null),
                    p.minValidVersion(),
                    p.recipients(),
                    p.retired(),
                    p.category().orElse(null),
                    p.piiCategories(),
                    p.sensitiveCategories(),
                    p.definedAt().orElse(null),
                    p.maxAgePeriod().orElse(null),
                    p.saleOrSharing().stream().map(Enum::name).toList(),
                    p.optOutJurisdictions());
        }
    }

    /**
     * A link of the subject (see {@link SubjectLink}).
     *
     * @param anonymousId the visitor id whose decisions were carried over
     * @param accountId the account id they were carried to
     * @param interactionId the interaction id of the carried records on the account
     * @param linkedAt when the link was made
     * @param role {@code ANONYMOUS} when the exported subject is the anonymous id, {@code ACCOUNT} when it
     *     is the account id
     */
    public record LinkEntry(String anonymousId, String accountId, String interactionId, Instant linkedAt, String role) {
        /** Checks for nulls. */
        public LinkEntry {
            Objects.requireNonNull(anonymousId, "anonymousId");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(interactionId, "interactionId");
            Objects.requireNonNull(linkedAt, "linkedAt");
            Objects.requireNonNull(role, "role");
        }
    }
}
