package dev.consent.jdbc;

import dev.consent.SubjectLink;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The SQL of subject links, in {@code <prefix>subject_link} (script V3). */
final class LinkSql {
    private final String table;
    private final int timeoutSeconds;

    LinkSql(String prefix, int timeoutSeconds) {
        this.table = prefix + "subject_link";
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Inserts the link unless its key is stored. Two nodes saving the same link at once: the loser's insert
     * violates the key, which the caller treats as stored ({@link #exists}).
     */
    void save(Handle h, SubjectLink link) {
        if (exists(h, link)) {
            return;
        }
        h.createUpdate("INSERT INTO " + table + " (anonymous_id, account_id, interaction_id, linked_at)"
                + " VALUES (:anonymous, :account, :interaction, :linked_at)").setQueryTimeout(timeoutSeconds)
                .bind("anonymous", link.anonymousId()).bind("account", link.accountId())
                .bind("interaction", link.interactionId()).bind("linked_at", link.linkedAt().toEpochMilli())
                .execute();
    }

    boolean exists(Handle h, SubjectLink link) {
        return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE anonymous_id = :anonymous"
                + " AND account_id = :account AND interaction_id = :interaction").setQueryTimeout(timeoutSeconds)
                .bind("anonymous", link.anonymousId()).bind("account", link.accountId())
                .bind("interaction", link.interactionId()).mapTo(Integer.class).one() > 0;
    }

    List<SubjectLink> read(Handle h, String subject) {
        return h.createQuery("SELECT anonymous_id, account_id, interaction_id, linked_at FROM " + table
                + " WHERE anonymous_id = :subject OR account_id = :subject"
                + " ORDER BY linked_at, anonymous_id, account_id, interaction_id").setQueryTimeout(timeoutSeconds)
                .bind("subject", subject)
                .map((rs, ctx) -> new SubjectLink(rs.getString("anonymous_id"), rs.getString("account_id"),
                        rs.getString("interaction_id"), Instant.ofEpochMilli(rs.getLong("linked_at"))))
                .list();
    }
}
