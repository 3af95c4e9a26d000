package dev.consent.jdbc;

import dev.consent.Actor;
import dev.consent.ActorType;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.requests.RequestConflictException;
import dev.consent.requests.RequestEvent;
import dev.consent.requests.RequestEventType;
import dev.consent.requests.RequestStore;
import dev.consent.requests.RequestStores;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * {@link RequestStore} in the ledger's database ({@code <prefix>request_event}, schema version 4). An append is
 * one READ COMMITTED transaction: it reads the request's last sequence (and the time it was received), checks
 * the batch against it, and inserts the events in one batch; the primary key (request, sequence) decides a race
 * between writers, and the loser's transaction rolls back whole. Event times are stored to the millisecond (the
 * desk's clock gives no more). On H2 the appends of this JVM to one database take the ledger's
 * {@link H2AppendLock}, so that racing writers there meet the last sequence instead of the key (H2 was seen to
 * damage an index when the loser of a key race rolled back). Thread-safe: it holds no state of its own.
 */
final class JdbcRequestStore implements RequestStore {
    /** How often an append that failed on a deadlock or serialization failure runs in all. */
    private static final int ATTEMPTS = 3;

    private static final String COLUMNS =
            "request_id, event_seq, event_type, recorded_at, actor_type, actor_id, actor_authority, details";

    private static final RowMapper<RequestEvent> EVENT = (rs, ctx) -> new RequestEvent(
            rs.getString("request_id"),
            rs.getInt("event_seq"),
            RequestEventType.valueOf(rs.getString("event_type")),
            Instant.ofEpochMilli(rs.getLong("recorded_at")),
            new Actor(
                    ActorType.valueOf(rs.getString("actor_type")),
                    rs.getString("actor_id"),
                    rs.getString("actor_authority")),
            Rows.details(rs.getString("details")));

    private final JdbiCalls calls;
    private final Statements statements;
    private final String table;
    private final @Nullable H2AppendLock h2Appends;

    JdbcRequestStore(JdbiCalls calls, Statements statements, String prefix, @Nullable H2AppendLock h2Appends) {
        this.calls = calls;
        this.statements = statements;
        this.table = prefix + "request_event";
        this.h2Appends = h2Appends;
    }

    @Override
    public void append(List<RequestEvent> events) {
        RequestStores.checkBatch(events);
        RequestEvent first = events.get(0);
        for (int attempt = 1; ; attempt++) {
            try {
                Supplier<@Nullable Void> transaction =
                        () -> calls.inTransaction("append to request " + first.requestId(), h -> insert(h, events));
                if (h2Appends == null) {
                    transaction.get();
                } else {
                    h2Appends.around(transaction);
                }
                return;
            } catch (StoreUnavailableException e) {
                if (SqlErrors.isConstraintViolation(e)) {
                    RequestConflictException conflict =
                            new RequestConflictException(first.requestId(), first.sequence());
                    conflict.initCause(e.getCause());
                    throw conflict;
                }
                if (attempt == ATTEMPTS || !SqlErrors.isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    /** Checks the batch against the request's last sequence and inserts it; returns null, for Jdbi. */
    private @Nullable Void insert(Handle h, List<RequestEvent> events) {
        RequestEvent first = events.get(0);
        String id = first.requestId();
        long[] last = statements
                .query(
                        h,
                        "SELECT MAX(event_seq) AS last_seq, MAX(received_at) AS received FROM " + table
                                + " WHERE request_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new long[] {rs.getLong("last_seq"), rs.getLong("received")})
                .one();
        long next = last[0] + 1;
        if (first.sequence() < next) {
            throw new RequestConflictException(id, first.sequence());
        }
        if (first.sequence() > next) {
            throw new InvalidInputException(
                    "events[0].sequence", first.sequence(), "must be " + next + ", the next of request " + id);
        }
        long received = next == 1 ? first.at().toEpochMilli() : last[1];
        PreparedBatch batch = statements.batch(
                h,
                "INSERT INTO " + table + " (" + COLUMNS + ", received_at, terminal) VALUES (:request_id, :event_seq,"
                        + " :event_type, :recorded_at, :actor_type, :actor_id, :actor_authority, :details, :received_at,"
                        + " :terminal)");
        for (RequestEvent e : events) {
            batch.bind("request_id", e.requestId())
                    .bind("event_seq", e.sequence())
                    .bind("event_type", e.type().name())
                    .bind("recorded_at", e.at().toEpochMilli())
                    .bind("actor_type", e.actor().type().name())
                    .bind("actor_id", e.actor().id())
                    .bind("actor_authority", e.actor().authority())
                    .bind("details", Rows.detailsJson(e.details()))
                    .bind("received_at", received)
                    .bind("terminal", e.type().terminal())
                    .add();
        }
        batch.execute();
        return null;
    }

    @Override
    public List<RequestEvent> events(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        return calls.withHandle(
                "read the events of request " + requestId,
                h -> statements
                        .query(h, "SELECT " + COLUMNS + " FROM " + table + " WHERE request_id = :id ORDER BY event_seq")
                        .bind("id", requestId)
                        .map(EVENT)
                        .list());
    }

    @Override
    public List<RequestEvent> openEvents() {
        return calls.withHandle(
                "read the open requests",
                h -> statements
                        .query(
                                h,
                                "SELECT " + COLUMNS + " FROM " + table + " e WHERE NOT EXISTS (SELECT 1 FROM "
                                        + table + " c WHERE c.terminal = :terminal AND c.request_id = e.request_id)"
                                        + " ORDER BY request_id, event_seq")
                        .bind("terminal", true)
                        .map(EVENT)
                        .list());
    }

    /** The bounds are rounded up to the millisecond, as the stored times are whole milliseconds. */
    @Override
    public List<RequestEvent> receivedEvents(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return calls.withHandle(
                "read the requests received in a period",
                h -> statements
                        .query(
                                h,
                                "SELECT " + COLUMNS + " FROM " + table
                                        + " WHERE received_at >= :from AND received_at < :to ORDER BY request_id, event_seq")
                        .bind("from", ceilMillis(from))
                        .bind("to", ceilMillis(to))
                        .map(EVENT)
                        .list());
    }

    /** The first whole millisecond at or after {@code t}; the bounds of the long range beyond it. */
    private static long ceilMillis(Instant t) {
        try {
            return Math.addExact(t.toEpochMilli(), t.getNano() % 1_000_000 == 0 ? 0 : 1);
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "JdbcRequestStore[" + table + "]";
    }
}
