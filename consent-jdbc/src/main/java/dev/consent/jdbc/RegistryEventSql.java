package dev.consent.jdbc;

import dev.consent.Actor;
import dev.consent.ActorType;
import dev.consent.GrantFilter;
import dev.consent.InvalidInputException;
import dev.consent.spi.RegistryEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The registry events in {@code <prefix>registry_event} (script V5), append-only, one row per invalidation and
 * kind; and the count of the grants a filter selects, from {@code <prefix>record}.
 */
final class RegistryEventSql {
    private static final RowMapper<RegistryEvent> EVENT = (rs, ctx) -> {
        RegistryEvent.Kind kind = RegistryEvent.Kind.valueOf(rs.getString("event_kind"));
        GrantFilter filter = kind == RegistryEvent.Kind.INVALIDATED
                ? new GrantFilter(
                        rs.getString("purpose_id"),
                        rs.getString("collection_point"),
                        rs.getString("notice_version"),
                        instant(rs, "recorded_from"),
                        instant(rs, "recorded_until"))
                : null;
        return new RegistryEvent(
                kind,
                UUID.fromString(rs.getString("invalidation_id").strip()),
                filter,
                new Actor(
                        ActorType.valueOf(rs.getString("actor_type")),
                        rs.getString("actor_id"),
                        rs.getString("actor_authority")),
                rs.getString("reason"),
                Instant.ofEpochMilli(rs.getLong("recorded_at")),
                rs.getLong("grants_matched"));
    };

    private final JdbiCalls calls;
    private final Statements statements;
    private final String table;
    private final String record;

    RegistryEventSql(JdbiCalls calls, Statements statements, String prefix) {
        this.calls = calls;
        this.statements = statements;
        this.table = prefix + "registry_event";
        this.record = prefix + "record";
    }

    /**
     * Stores {@code e} in a transaction of its own; a lift is stored only if its invalidation is.
     *
     * @throws InvalidInputException naming {@code invalidationId} if the key is taken or a lift has no invalidation
     */
    void save(RegistryEvent e) {
        calls.inTransaction("store a registry event", h -> {
            if (e.kind() == RegistryEvent.Kind.LIFTED && !exists(h, e.invalidationId())) {
                throw new InvalidInputException("invalidationId", e.invalidationId(), "no such invalidation");
            }
            try {
                insert(h, e);
            } catch (RuntimeException failure) {
                if (!SqlErrors.isConstraintViolation(failure)) {
                    throw failure;
                }
                InvalidInputException taken = new InvalidInputException(
                        "invalidationId", e.invalidationId(), "already has a " + e.kind() + " event");
                taken.initCause(failure);
                throw taken;
            }
            return null;
        });
    }

    /** Every event, in the order {@link dev.consent.spi.ConsentStore#loadRegistryEvents()} promises. */
    List<RegistryEvent> loadAll() {
        return calls.withHandle(
                "read the registry events",
                h -> statements
                        .query(h, "SELECT * FROM " + table + " ORDER BY recorded_at, event_kind, invalidation_id")
                        .map(EVENT)
                        .list());
    }

    /** How many records {@code f} selects ({@link GrantFilter#matches}), counted in one statement. */
    long countGrants(GrantFilter f) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM " + record + " WHERE action = 'GRANTED'");
        if (f.purposeId() != null) {
            sql.append(" AND purpose_id = :purpose_id");
        }
        if (f.collectionPoint() != null) {
            sql.append(" AND collection_point = :collection_point");
        }
        if (f.noticeVersion() != null) {
            sql.append(" AND notice_version = :notice_version");
        }
        if (f.recordedFrom() != null) {
            sql.append(" AND recorded_at >= :recorded_from");
        }
        if (f.recordedUntil() != null) {
            sql.append(" AND recorded_at < :recorded_until");
        }
        return calls.withHandle("count the grants an invalidation selects", h -> {
            Query q = statements.query(h, sql.toString());
            if (f.purposeId() != null) {
                q.bind("purpose_id", f.purposeId());
            }
            if (f.collectionPoint() != null) {
                q.bind("collection_point", f.collectionPoint());
            }
            if (f.noticeVersion() != null) {
                q.bind("notice_version", f.noticeVersion());
            }
            if (f.recordedFrom() != null) {
                q.bind("recorded_from", f.recordedFrom().toEpochMilli());
            }
            if (f.recordedUntil() != null) {
                q.bind("recorded_until", f.recordedUntil().toEpochMilli());
            }
            return q.mapTo(Long.class).one();
        });
    }

    private boolean exists(Handle h, UUID invalidationId) {
        return statements
                        .query(
                                h,
                                "SELECT COUNT(*) FROM " + table
                                        + " WHERE invalidation_id = :id AND event_kind = 'INVALIDATED'")
                        .bind("id", invalidationId.toString())
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    private void insert(Handle h, RegistryEvent e) {
        GrantFilter f = e.filter();
        statements
                .update(
                        h,
                        "INSERT INTO " + table + " (invalidation_id, event_kind, recorded_at, actor_type, actor_id,"
                                + " actor_authority, reason, purpose_id, collection_point, notice_version,"
                                + " recorded_from, recorded_until, grants_matched) VALUES (:id, :kind, :at,"
                                + " :actor_type, :actor_id, :actor_authority, :reason, :purpose_id, :collection_point,"
                                + " :notice_version, :recorded_from, :recorded_until, :grants_matched)")
                .bind("id", e.invalidationId().toString())
                .bind("kind", e.kind().name())
                .bind("at", e.recordedAt().toEpochMilli())
                .bind("actor_type", e.actor().type().name())
                .bind("actor_id", e.actor().id())
                .bind("actor_authority", e.actor().authority())
                .bind("reason", e.reason())
                .bind("purpose_id", f == null ? null : f.purposeId())
                .bind("collection_point", f == null ? null : f.collectionPoint())
                .bind("notice_version", f == null ? null : f.noticeVersion())
                .bind(
                        "recorded_from",
                        f == null || f.recordedFrom() == null
                                ? null
                                : f.recordedFrom().toEpochMilli())
                .bind(
                        "recorded_until",
                        f == null || f.recordedUntil() == null
                                ? null
                                : f.recordedUntil().toEpochMilli())
                .bind("grants_matched", e.grantsMatched())
                .execute();
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }
}
