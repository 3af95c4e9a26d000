package dev.consent.jdbc;

import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import dev.consent.StoreUnavailableException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The purpose definitions in {@code <prefix>purpose} (script V1), one row per purpose version, each written
 * once: a version stored again with equal content is a no-op, also when two nodes store it at the same moment.
 */
final class PurposeSql {
    private final JdbiCalls calls;
    private final Statements statements;
    private final String purpose;

    PurposeSql(JdbiCalls calls, Statements statements, String prefix) {
        this.calls = calls;
        this.statements = statements;
        this.purpose = prefix + "purpose";
    }

    /**
     * Stores a purpose version, or finds it stored with equal content.
     *
     * @throws PurposeConflictException if the version is stored with other content
     */
    void save(Purpose p) {
        try {
            calls.inTransaction("store a purpose", h -> {
                insertUnlessStored(h, p);
                return null;
            });
        } catch (StoreUnavailableException e) {
            if (!(e.getCause() instanceof PurposeRace)) {
                throw e;
            }
            // another node stored the same version at the same moment: equal content is a no-op
            Purpose stored = calls.withHandle("read a purpose", h -> find(h, p.id(), p.version()))
                    .orElseThrow(() -> e);
            if (!stored.equals(p)) {
                throw conflict(p);
            }
        }
    }

    List<Purpose> loadAll() {
        return calls.withHandle(
                "read the purposes",
                h -> statements
                        .query(h, "SELECT * FROM " + purpose + " ORDER BY purpose_id, version")
                        .map(Rows.PURPOSE)
                        .list());
    }

    private void insertUnlessStored(Handle h, Purpose p) {
        Optional<Purpose> existing = find(h, p.id(), p.version());
        if (existing.isEmpty()) {
            try {
                Rows.bindPurpose(
                                statements.update(
                                        h,
                                        "INSERT INTO " + purpose + " (purpose_id, version, title,"
                                                + " description, legal_basis, group_id, max_age_ms, max_age_period, min_valid_version,"
                                                + " recipients, retired, category, pii_categories, sensitive_categories, sale_or_sharing,"
                                                + " opt_out_jurisdictions, defined_at)"
                                                + " VALUES (:purpose_id, :version, :title, :description, :legal_basis, :group_id, :max_age_ms,"
                                                + " :max_age_period,"
                                                + " :min_valid_version, :recipients, :retired, :category, :pii_categories,"
                                                + " :sensitive_categories, :sale_or_sharing, :opt_out_jurisdictions,"
                                                + " :defined_at)"),
                                p)
                        .execute();
                return;
            } catch (RuntimeException e) {
                if (!SqlErrors.isConstraintViolation(e)) {
                    throw e;
                }
                throw new PurposeRace(e);
            }
        }
        if (!existing.get().equals(p)) {
            throw conflict(p);
        }
    }

    private Optional<Purpose> find(Handle h, String id, int version) {
        return statements
                .query(h, "SELECT * FROM " + purpose + " WHERE purpose_id = :id AND version = :version")
                .bind("id", id)
                .bind("version", version)
                .map(Rows.PURPOSE)
                .findOne();
    }

    private static PurposeConflictException conflict(Purpose p) {
        return new PurposeConflictException(
                "purpose " + p.id() + " version " + p.version() + " is already stored with other content");
    }

    /** Another node stored the same purpose version at the same moment; {@link #save} re-reads and compares. */
    private static final class PurposeRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PurposeRace(Throwable cause) {
            super(cause);
        }
    }
}
