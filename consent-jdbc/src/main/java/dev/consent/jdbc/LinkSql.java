package dev.consent.jdbc;

import dev.consent.StoreUnavailableException;
import dev.consent.SubjectLink;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The subject links in {@code <prefix>subject_link} (script V3), each stored once: a link saved again is a
 * no-op, also when two nodes save it at the same moment.
 */
final class LinkSql {
    private final JdbiCalls calls;
    private final String table;
    private final int timeoutSeconds;

    LinkSql(JdbiCalls calls, String prefix, int timeoutSeconds) {
        this.calls = calls;
        this.table = prefix + "subject_link";
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Stores the link unless its key (anonymous id, account id, interaction id) is stored. */
    void save(SubjectLink link) {
        try {
            calls.inTransaction("store a subject link", h -> {
                insertUnlessStored(h, link);
                return null;
            });
        } catch (StoreUnavailableException e) {
            // another node stored the same link at the same moment: stored once, as asked
            if (!SqlErrors.isConstraintViolation(e) || !calls.withHandle("read a subject link", h -> exists(h, link))) {
                throw e;
            }
        }
    }

    /** The links naming the subject as anonymous id or account id, oldest first. */
    List<SubjectLink> read(String subject) {
        return calls.withHandle(
                "read the links of a subject",
                h -> h.createQuery("SELECT anonymous_id, account_id,"
                                + " interaction_id, linked_at FROM " + table
                                + " WHERE anonymous_id = :subject OR account_id = :subject"
                                + " ORDER BY linked_at, anonymous_id, account_id, interaction_id")
                        .setQueryTimeout(timeoutSeconds)
                        .bind("subject", subject)
                        .map((rs, ctx) -> new SubjectLink(
                                rs.getString("anonymous_id"),
                                rs.getString("account_id"),
                                rs.getString("interaction_id"),
                                Instant.ofEpochMilli(rs.getLong("linked_at"))))
                        .list());
    }

    /**
     * Inserts the link unless its key is stored. Two nodes saving the same link at once: the loser's insert
     * violates the key, which {@link #save} treats as stored ({@link #exists}).
     */
    private void insertUnlessStored(Handle h, SubjectLink link) {
        if (exists(h, link)) {
            return;
        }
        h.createUpdate("INSERT INTO " + table + " (anonymous_id, account_id, interaction_id, linked_at)"
                        + " VALUES (:anonymous, :account, :interaction, :linked_at)")
                .setQueryTimeout(timeoutSeconds)
                .bind("anonymous", link.anonymousId())
                .bind("account", link.accountId())
                .bind("interaction", link.interactionId())
                .bind("linked_at", link.linkedAt().toEpochMilli())
                .execute();
    }

    private boolean exists(Handle h, SubjectLink link) {
        return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE anonymous_id = :anonymous"
                                + " AND account_id = :account AND interaction_id = :interaction")
                        .setQueryTimeout(timeoutSeconds)
                        .bind("anonymous", link.anonymousId())
                        .bind("account", link.accountId())
                        .bind("interaction", link.interactionId())
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }
}
