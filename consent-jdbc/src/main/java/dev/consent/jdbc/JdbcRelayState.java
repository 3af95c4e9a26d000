package dev.consent.jdbc;

import dev.consent.StoreUnavailableException;
import dev.consent.relay.DeadLetter;
import dev.consent.spi.RelayState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link RelayState} in the ledger's database ({@code <prefix>relay} and {@code <prefix>relay_dead_letter},
 * schema version 2). The lease is taken, renewed and checked with conditional UPDATEs on the relay's row, so
 * instances on several nodes agree through the database; the checkpoint moves only in an UPDATE that also
 * checks the lease.
 */
final class JdbcRelayState implements RelayState {
    private final Jdbi jdbi;
    private final JdbiCalls calls;
    private final String relay;
    private final String dead;

    JdbcRelayState(Jdbi jdbi, String prefix) {
        this.jdbi = jdbi;
        this.calls = new JdbiCalls(jdbi);
        this.relay = prefix + "relay";
        this.dead = prefix + "relay_dead_letter";
    }

    @Override
    public long checkpoint(String name) {
        Objects.requireNonNull(name, "relay");
        return calls.withHandle(
                "read the checkpoint of relay " + name,
                h -> h.createQuery("SELECT position FROM " + relay + " WHERE relay_name = :n")
                        .bind("n", name)
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(0L));
    }

    @Override
    public boolean acquire(String name, String owner, Instant now, Duration duration) {
        Objects.requireNonNull(name, "relay");
        Objects.requireNonNull(owner, "owner");
        long until = now.plus(duration).toEpochMilli();
        return calls.withHandle("take the lease of relay " + name, h -> {
            int taken = h.createUpdate(
                            "UPDATE " + relay + " SET lease_owner = :o, lease_until = :until"
                                    + " WHERE relay_name = :n AND (lease_owner = :o OR lease_owner IS NULL OR lease_until < :now)")
                    .bind("o", owner)
                    .bind("until", until)
                    .bind("n", name)
                    .bind("now", now.toEpochMilli())
                    .execute();
            if (taken == 1) {
                return true;
            }
            boolean exists = h.createQuery("SELECT COUNT(*) FROM " + relay + " WHERE relay_name = :n")
                            .bind("n", name)
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (exists) {
                return false;
            }
            try {
                h.createUpdate("INSERT INTO " + relay + " (relay_name, position, lease_owner, lease_until)"
                                + " VALUES (:n, 0, :o, :until)")
                        .bind("n", name)
                        .bind("o", owner)
                        .bind("until", until)
                        .execute();
                return true;
            } catch (RuntimeException e) {
                return false; // another instance created the row first: it holds the lease
            }
        });
    }

    @Override
    public boolean advance(String name, String owner, long position, Instant now, Duration duration) {
        Objects.requireNonNull(name, "relay");
        Objects.requireNonNull(owner, "owner");
        return calls.withHandle(
                "advance the checkpoint of relay " + name,
                h -> h.createUpdate("UPDATE " + relay
                                        + " SET position = :p, lease_until = :until"
                                        + " WHERE relay_name = :n AND lease_owner = :o AND lease_until >= :now")
                                .bind("p", position)
                                .bind("until", now.plus(duration).toEpochMilli())
                                .bind("n", name)
                                .bind("o", owner)
                                .bind("now", now.toEpochMilli())
                                .execute()
                        == 1);
    }

    @Override
    public void release(String name, String owner) {
        Objects.requireNonNull(name, "relay");
        Objects.requireNonNull(owner, "owner");
        calls.withHandle(
                "release the lease of relay " + name,
                h -> h.createUpdate("UPDATE " + relay
                                + " SET lease_owner = NULL, lease_until = 0 WHERE relay_name = :n AND lease_owner = :o")
                        .bind("n", name)
                        .bind("o", owner)
                        .execute());
    }

    @Override
    public void addDeadLetter(DeadLetter letter) {
        Objects.requireNonNull(letter, "letter");
        try {
            jdbi.useTransaction(h -> {
                h.createUpdate("DELETE FROM " + dead + " WHERE relay_name = :n AND position = :p")
                        .bind("n", letter.relay())
                        .bind("p", letter.position())
                        .execute();
                h.createUpdate("INSERT INTO " + dead + " (relay_name, position, record_id, subject, attempts, error,"
                                + " payload, failed_at) VALUES (:n, :p, :id, :s, :a, :e, :payload, :at)")
                        .bind("n", letter.relay())
                        .bind("p", letter.position())
                        .bind("id", letter.recordId().toString())
                        .bind("s", letter.subject())
                        .bind("a", letter.attempts())
                        .bind("e", letter.error())
                        .bind("payload", letter.payload())
                        .bind("at", letter.failedAt().toEpochMilli())
                        .execute();
            });
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not store a dead letter of relay " + letter.relay(), e);
        }
    }

    @Override
    public List<DeadLetter> deadLetters(String name) {
        Objects.requireNonNull(name, "relay");
        return calls.withHandle(
                "read the dead letters of relay " + name,
                h -> h.createQuery("SELECT relay_name,"
                                + " position, record_id, subject, attempts, error, payload, failed_at FROM " + dead
                                + " WHERE relay_name = :n ORDER BY position")
                        .bind("n", name)
                        .map((rs, ctx) -> new DeadLetter(
                                rs.getString("relay_name"),
                                rs.getLong("position"),
                                UUID.fromString(rs.getString("record_id")),
                                rs.getString("subject"),
                                rs.getInt("attempts"),
                                rs.getString("error"),
                                rs.getString("payload"),
                                Instant.ofEpochMilli(rs.getLong("failed_at"))))
                        .list());
    }

    @Override
    public boolean removeDeadLetter(String name, long position) {
        Objects.requireNonNull(name, "relay");
        return calls.withHandle(
                "remove a dead letter of relay " + name,
                h -> h.createUpdate("DELETE FROM " + dead + " WHERE relay_name = :n AND position = :p")
                                .bind("n", name)
                                .bind("p", position)
                                .execute()
                        == 1);
    }

    @Override
    public String toString() {
        return "JdbcRelayState[" + relay + "]";
    }
}
