package dev.consent.jdbc;

import dev.consent.EvidenceKeyMissingException;
import dev.consent.spi.EvidenceSeal;
import dev.consent.spi.StoredEvidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * The evidence table at rest: rows written since schema version 8 hold only {@code sealed} (the evidence and its
 * salt, sealed by {@link EvidenceSeal} under the subject's data key from {@link EvidenceKeyTable}); rows written
 * before hold the plain columns until {@link #sealPlainRows} seals them in place. Reading evidence whose key is
 * gone fails with {@link EvidenceKeyMissingException}, never as "no evidence".
 */
final class EvidenceSql {
    private final Statements statements;
    private final String evidence;
    private final EvidenceKeyTable keys;

    EvidenceSql(Statements statements, String prefix, EvidenceKeyTable keys) {
        this.statements = statements;
        this.evidence = prefix + "evidence";
        this.keys = keys;
    }

    String table() {
        return evidence;
    }

    EvidenceKeyTable keys() {
        return keys;
    }

    /** The insert of one sealed row, for {@link AppendInserts}. */
    PreparedBatch insertBatch(Handle h) {
        return statements.batch(
                h, "INSERT INTO " + evidence + " (record_id, subject, sealed) VALUES (:record_id, :subject, :sealed)");
    }

    /** The subject's evidence, by record id; sealed rows opened under its key. */
    Map<UUID, StoredEvidence> read(Handle h, String subject) {
        List<Row> rows = statements
                .query(
                        h,
                        "SELECT record_id, ip_address, user_agent, attributes, salt, sealed FROM " + evidence
                                + " WHERE subject = :subject ORDER BY record_id")
                .bind("subject", subject)
                .map((rs, ctx) -> {
                    UUID id = UUID.fromString(rs.getString("record_id").strip());
                    byte[] sealed = rs.getBytes("sealed");
                    return new Row(
                            id,
                            sealed,
                            sealed == null ? Rows.EVIDENCE.map(rs, ctx).getValue() : null);
                })
                .list();
        Map<UUID, StoredEvidence> out = new LinkedHashMap<>();
        @Nullable SecretKey key = null;
        for (Row row : rows) {
            if (row.sealed == null) {
                out.put(row.id, row.plain);
                continue;
            }
            if (key == null) {
                key = keys.find(h, List.of(subject)).get(subject);
                if (key == null) {
                    throw new EvidenceKeyMissingException(
                            subject,
                            "evidence is stored for record " + row.id + " but the subject's data key is missing from "
                                    + (keys.external() ? "the application's EvidenceKeys" : keys.table()));
                }
            }
            out.put(row.id, EvidenceSeal.open(row.sealed, key, subject, row.id));
        }
        return out;
    }

    /**
     * Deletes the subject's evidence and, in the same transaction, its key row (first, so that an append holding
     * the key's lock finishes before the evidence is deleted, and its evidence goes too).
     */
    int erase(Handle h, String subject) {
        keys.destroy(h, List.of(subject));
        return statements
                .update(h, "DELETE FROM " + evidence + " WHERE subject = :subject")
                .bind("subject", subject)
                .execute();
    }

    /**
     * Seals up to {@code limit} rows written before schema version 8, in place: the same evidence and salt, so
     * every record's digest still matches. Returns how many were sealed; 0 when none are left.
     */
    int sealPlainRows(Handle h, int limit) {
        List<Map.Entry<String, Map.Entry<UUID, StoredEvidence>>> plain = statements
                .query(
                        h,
                        "SELECT record_id, subject, ip_address, user_agent, attributes, salt FROM " + evidence
                                + " WHERE sealed IS NULL ORDER BY record_id")
                .setMaxRows(limit)
                .map((rs, ctx) -> Map.entry(rs.getString("subject"), Rows.EVIDENCE.map(rs, ctx)))
                .list();
        if (plain.isEmpty()) {
            return 0;
        }
        Set<String> subjects = plain.stream().map(Map.Entry::getKey).collect(Collectors.toSet());
        Map<String, SecretKey> subjectKeys = keys.obtain(h, new ArrayList<>(subjects));
        PreparedBatch update = statements.batch(
                h,
                "UPDATE " + evidence + " SET sealed = :sealed, ip_address = NULL, user_agent = NULL,"
                        + " attributes = NULL, salt = NULL WHERE subject = :subject AND record_id = :record_id"
                        + " AND sealed IS NULL");
        for (Map.Entry<String, Map.Entry<UUID, StoredEvidence>> e : plain) {
            UUID id = e.getValue().getKey();
            String subject = e.getKey();
            update.bind("sealed", EvidenceSeal.seal(e.getValue().getValue(), subjectKeys.get(subject), subject, id))
                    .bind("subject", subject)
                    .bind("record_id", id.toString())
                    .add();
        }
        int sealed = 0;
        for (int n : update.execute()) {
            sealed += n;
        }
        return sealed;
    }

    private record Row(
            UUID id, byte @Nullable [] sealed, @Nullable StoredEvidence plain) {}
}
