package dev.consent.memory;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.spi.SubjectAppend;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One stored record in a compact form, which the store turns back into an equal {@link ConsentRecord}
 * when read: ids, instants and hashes as primitives, an interaction id of the canonical UUID form as
 * two longs, the previous hash as a reference to the record before it when it is that record's hash,
 * and the strings of the collection context shared with the other records of the append.
 */
final class CompactRecord {
    private static final Action[] ACTIONS = Action.values();
    private static final Channel[] CHANNELS = Channel.values();
    private static final long NO_EXPIRY = Long.MIN_VALUE;

    /** The position: an in-memory ledger holds fewer than 2^31 records (its feed is one array list). */
    private final int position;

    private final long idHigh;
    private final long idLow;
    private final long recordedAt;
    private final long expiresAt;
    private final long interactionHigh;
    private final long interactionLow;
    private final long hash0;
    private final long hash1;
    private final long hash2;
    private final long hash3;
    private final SubjectRecords subject;
    /** The index of this record in its subject's records; its sequence is one more ({@link SubjectAppend}). */
    private final int index;

    private final int purposeVersion;
    private final byte action;
    /** Whether the previous hash is the hash of the subject's record before this one. */
    private final boolean chained;

    private final @Nullable String purposeId;
    private final @Nullable String noticeVersion;
    private final @Nullable String collectionPoint;
    private final @Nullable String jurisdiction;
    private final byte channel;
    private final Actor actor;
    /** The interaction id when it is not a canonical UUID; null when it is one. */
    private final @Nullable String interactionText;

    private final @Nullable Hash evidenceDigest;
    /** The previous hash when it is not {@link #chained}; null otherwise or for a first record. */
    private final @Nullable Hash previousHash;

    /**
     * Encodes {@code r}, the record at {@code index} of {@code subject}; the records before it are already
     * stored there.
     */
    CompactRecord(ConsentRecord r, SubjectRecords subject, int index) {
        this.position = Math.toIntExact(r.position());
        this.idHigh = r.id().getMostSignificantBits();
        this.idLow = r.id().getLeastSignificantBits();
        this.recordedAt = r.recordedAt().toEpochMilli();
        this.expiresAt = r.expiresAt() == null ? NO_EXPIRY : r.expiresAt().toEpochMilli();
        UUID interaction = canonicalUuid(r.interactionId());
        this.interactionHigh = interaction == null ? 0 : interaction.getMostSignificantBits();
        this.interactionLow = interaction == null ? 0 : interaction.getLeastSignificantBits();
        this.interactionText = interaction == null ? r.interactionId() : null;
        ByteBuffer hash = ByteBuffer.wrap(r.hash().toBytes());
        this.hash0 = hash.getLong();
        this.hash1 = hash.getLong();
        this.hash2 = hash.getLong();
        this.hash3 = hash.getLong();
        this.subject = subject;
        this.index = index;
        this.purposeVersion = r.purposeVersion();
        this.action = (byte) r.action().ordinal();
        this.purposeId = r.purposeId();
        this.noticeVersion = r.noticeVersion();
        this.collectionPoint = r.collectionPoint();
        this.jurisdiction = r.jurisdiction();
        this.channel = (byte) r.channel().ordinal();
        this.actor = r.actor();
        this.evidenceDigest = r.evidenceDigest();
        Hash previous = r.previousHash();
        this.chained = previous != null
                && index > 0
                && previous.equals(subject.get(index - 1).hash());
        this.previousHash = chained ? null : previous;
    }

    private static @Nullable UUID canonicalUuid(String id) {
        if (id.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Hash hash() {
        return Hash.of(ByteBuffer.allocate(Hash.LENGTH)
                .putLong(hash0)
                .putLong(hash1)
                .putLong(hash2)
                .putLong(hash3)
                .array());
    }

    String interactionId() {
        return interactionText != null ? interactionText : new UUID(interactionHigh, interactionLow).toString();
    }

    boolean hasInteraction(String id) {
        if (interactionText != null) {
            return interactionText.equals(id);
        }
        UUID uuid = canonicalUuid(id);
        return uuid != null
                && uuid.getMostSignificantBits() == interactionHigh
                && uuid.getLeastSignificantBits() == interactionLow;
    }

    /** The position in the ledger. */
    long position() {
        return position;
    }

    /** The record id. */
    UUID id() {
        return new UUID(idHigh, idLow);
    }

    /** Whether the record id is the UUID of these two halves. */
    boolean hasId(long high, long low) {
        return idHigh == high && idLow == low;
    }

    /** The record id's most significant bits. */
    long idHigh() {
        return idHigh;
    }

    /** The record id's least significant bits. */
    long idLow() {
        return idLow;
    }

    /** When it was recorded, in epoch milliseconds. */
    long recordedAtMillis() {
        return recordedAt;
    }

    /** The purpose, or {@code null} for a lifecycle record. */
    @Nullable
    String purposeId() {
        return purposeId;
    }

    /** Whether this is a record of the lifecycle action {@code a}. */
    boolean is(Action a) {
        return action == a.ordinal();
    }

    /** The subject's records this belongs to. */
    SubjectRecords subject() {
        return subject;
    }

    /** The slot whose latest record this may be: its purpose, or {@code #} and its lifecycle action. */
    String slot() {
        return purposeId != null ? purposeId : "#" + ACTIONS[action].name();
    }

    /** The record, equal to the one encoded. */
    ConsentRecord record() {
        return new ConsentRecord(
                position,
                new UUID(idHigh, idLow),
                subject.id(),
                index + 1L,
                purposeId,
                purposeVersion,
                ACTIONS[action],
                Instant.ofEpochMilli(recordedAt),
                expiresAt == NO_EXPIRY ? null : Instant.ofEpochMilli(expiresAt),
                noticeVersion,
                collectionPoint,
                CHANNELS[channel],
                actor,
                jurisdiction,
                interactionId(),
                evidenceDigest,
                chained ? subject.get(index - 1).hash() : previousHash,
                hash());
    }
}
