package dev.consent.spi;

import dev.consent.relay.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@link RelayState#inMemory()}: maps under one lock. */
final class InMemoryRelayState implements RelayState {
    private static final class Row {
        long position;
        String owner;
        Instant leaseUntil = Instant.MIN;
    }

    private final Map<String, Row> rows = new HashMap<>();
    private final Map<String, TreeMap<Long, DeadLetter>> dead = new HashMap<>();

    private Row row(String relay) {
        return rows.computeIfAbsent(Objects.requireNonNull(relay, "relay"), r -> new Row());
    }

    @Override
    public synchronized long checkpoint(String relay) {
        return row(relay).position;
    }

    @Override
    public synchronized boolean acquire(String relay, String owner, Instant now, Duration duration) {
        Row row = row(relay);
        if (row.owner == null || row.owner.equals(owner) || row.leaseUntil.isBefore(now)) {
            row.owner = Objects.requireNonNull(owner, "owner");
            row.leaseUntil = now.plus(duration);
            return true;
        }
        return false;
    }

    @Override
    public synchronized boolean advance(String relay, String owner, long position, Instant now, Duration duration) {
        Row row = row(relay);
        if (owner.equals(row.owner) && !row.leaseUntil.isBefore(now)) {
            row.position = position;
            row.leaseUntil = now.plus(duration);
            return true;
        }
        return false;
    }

    @Override
    public synchronized void release(String relay, String owner) {
        Row row = row(relay);
        if (owner.equals(row.owner)) {
            row.owner = null;
            row.leaseUntil = Instant.MIN;
        }
    }

    @Override
    public synchronized void addDeadLetter(DeadLetter letter) {
        dead.computeIfAbsent(letter.relay(), r -> new TreeMap<>()).put(letter.position(), letter);
    }

    @Override
    public synchronized List<DeadLetter> deadLetters(String relay) {
        return List.copyOf(
                new ArrayList<>(dead.getOrDefault(relay, new TreeMap<>()).values()));
    }

    @Override
    public synchronized boolean removeDeadLetter(String relay, long position) {
        TreeMap<Long, DeadLetter> letters = dead.get(relay);
        return letters != null && letters.remove(position) != null;
    }
}
