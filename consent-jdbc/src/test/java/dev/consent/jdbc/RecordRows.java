package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A record bound by column name, for tests that write ledger rows behind the store's back (tampering): the
 * named placeholders of {@link Rows#RECORD_COLUMNS}, and their values for a record.
 */
final class RecordRows {
    /** The named placeholders of {@link Rows#RECORD_COLUMNS}, in its order. */
    static final String RECORD_VALUES = ":position, :record_id, :subject, :subject_seq, :purpose_id,"
            + " :purpose_version, :action, :recorded_at, :expires_at, :notice_version, :collection_point, :channel,"
            + " :actor_type, :actor_id, :actor_authority, :jurisdiction, :interaction_id, :evidence_digest,"
            + " :previous_hash, :record_hash";

    private RecordRows() {}

    /** Binds each of the record's columns to its named placeholder. */
    static <S extends SqlStatement<S>> S bindRecord(S s, ConsentRecord r) {
        return s.bind("position", r.position())
                .bind("record_id", r.id().toString())
                .bind("subject", r.subject())
                .bind("subject_seq", r.subjectSequence())
                .bind("purpose_id", r.purposeId())
                .bind("purpose_version", r.purposeVersion())
                .bind("action", r.action().name())
                .bind("recorded_at", r.recordedAt().toEpochMilli())
                .bind("expires_at", r.expiresAt() == null ? null : r.expiresAt().toEpochMilli())
                .bind("notice_version", r.noticeVersion())
                .bind("collection_point", r.collectionPoint())
                .bind("channel", r.channel().name())
                .bind("actor_type", r.actor().type().name())
                .bind("actor_id", r.actor().id())
                .bind("actor_authority", r.actor().authority())
                .bind("jurisdiction", r.jurisdiction())
                .bind("interaction_id", r.interactionId())
                .bind(
                        "evidence_digest",
                        r.evidenceDigest() == null ? null : r.evidenceDigest().toHex())
                .bind(
                        "previous_hash",
                        r.previousHash() == null ? null : r.previousHash().toHex())
                .bind("record_hash", r.hash().toHex());
    }
}
