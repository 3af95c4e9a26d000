package dev.consent.memory;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import dev.consent.SubjectLink;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.spi.CurrentState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe store that keeps the ledger in the heap of one process: for tests, demos and small
 * single-process applications. Nothing survives the process. Appends are serialised by one lock, so
 * positions follow commit order; reads run concurrently with each other.
 *
 * <p>A real store, not a test double: it enforces the same rules as the database stores (optimistic
 * concurrency per subject, idempotent interactions, all-or-nothing batches) and passes the same contract
 * suite.
 */
public final class InMemoryConsentStore implements ConsentStore {
    /** Above this many records a subject keeps an index of its latest record per slot; below, reads scan. */
    private static final int INDEXED_FROM = 16;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Subject> subjects = new HashMap<>();
    private final ArrayList<Row> feed = new ArrayList<>();
    private final Map<String, TreeMap<Integer, Purpose>> purposes = new HashMap<>();
    /** Links by their key (anonymous id, account id, interaction id), in the order saved. */
    private final Map<List<String>, SubjectLink> links = new LinkedHashMap<>();

    /** A subject's records, in append order, and what is kept beside them. Guarded by the store's lock. */
    private static final class Subject {
        final String id;
        Row[] rows = new Row[2];
        int count;
        /** The latest row per slot, once the subject has {@link #INDEXED_FROM} records; null before. */
        @Nullable HashMap<String, Row> latest;
        /** Interaction ids, once the subject has {@link #INDEXED_FROM} records; null before (rows are scanned). */
        @Nullable HashSet<String> interactions;
        @Nullable HashMap<UUID, StoredEvidence> evidence;

        Subject(String id) {
            this.id = id;
        }

        /** The sequence of the latest record: appends give consecutive sequences from 1 ({@link SubjectAppend}). */
        long sequence() {
            return count;
        }

        boolean hasInteraction(String interactionId) {
            if (interactions != null) {
                return interactions.contains(interactionId);
            }
            for (int i = 0; i < count; i++) {
                if (rows[i].hasInteraction(interactionId)) {
                    return true;
                }
            }
            return false;
        }

        void add(Row row) {
            if (count == rows.length) {
                rows = java.util.Arrays.copyOf(rows, count + Math.max(2, count / 2));
            }
            rows[count++] = row;
            if (latest != null) {
                latest.put(row.slot(), row);
                interactions.add(row.interactionId());
            } else if (count >= INDEXED_FROM) {
                latest = new HashMap<>();
                interactions = new HashSet<>();
                for (int i = 0; i < count; i++) {
                    latest.put(rows[i].slot(), rows[i]);
                    interactions.add(rows[i].interactionId());
                }
            }
        }

        /** The latest record per purpose and per lifecycle action. */
        List<ConsentRecord> latestRecords() {
            Collection<Row> found;
            if (latest != null) {
                found = latest.values();
            } else {
                Map<String, Row> scan = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    scan.put(rows[i].slot(), rows[i]);
                }
                found = scan.values();
            }
            List<ConsentRecord> out = new ArrayList<>(found.size());
            for (Row r : found) {
                out.add(r.record());
            }
            return out;
        }

        List<ConsentRecord> records() {
            List<ConsentRecord> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(rows[i].record());
            }
            return out;
        }
    }

    /**
     * One stored record in a compact form, which the store turns back into an equal {@link ConsentRecord}
     * when read: ids, instants and hashes as primitives, an interaction id of the canonical UUID form as
     * two longs, the previous hash as a reference to the record before it when it is that record's hash,
     * and the strings of the collection context shared with the other records of the append.
     */
    private static final class Row {
        private static final Action[] ACTIONS = Action.values();
        private static final Channel[] CHANNELS = Channel.values();
        private static final long NO_EXPIRY = Long.MIN_VALUE;

        /** The position: an in-memory ledger holds fewer than 2^31 records (its feed is one array list). */
        final int position;
        final long idHigh;
        final long idLow;
        final long recordedAt;
        final long expiresAt;
        final long interactionHigh;
        final long interactionLow;
        final long hash0;
        final long hash1;
        final long hash2;
        final long hash3;
        final Subject subject;
        /** The index of this row in its subject's rows; its sequence is one more ({@link SubjectAppend}). */
        final int index;
        final int purposeVersion;
        final byte action;
        /** Whether the previous hash is the hash of the subject's row before this one. */
        final boolean chained;
        final @Nullable String purposeId;
        final @Nullable String noticeVersion;
        final @Nullable String collectionPoint;
        final @Nullable String jurisdiction;
        final byte channel;
        final Actor actor;
        /** The interaction id when it is not a canonical UUID; null when it is one. */
        final @Nullable String interactionText;
        final @Nullable Hash evidenceDigest;
        /** The previous hash when it is not {@link #chained}; null otherwise or for a first record. */
        final @Nullable Hash previousHash;

        Row(ConsentRecord r, Subject subject, int index) {
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
            this.chained = previous != null && index > 0 && previous.equals(subject.rows[index - 1].hash());
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
            return Hash.of(ByteBuffer.allocate(Hash.LENGTH).putLong(hash0).putLong(hash1).putLong(hash2)
                    .putLong(hash3).array());
        }

        String interactionId() {
            return interactionText != null ? interactionText : new UUID(interactionHigh, interactionLow).toString();
        }

        boolean hasInteraction(String id) {
            if (interactionText != null) {
                return interactionText.equals(id);
            }
            UUID uuid = canonicalUuid(id);
            return uuid != null && uuid.getMostSignificantBits() == interactionHigh
                    && uuid.getLeastSignificantBits() == interactionLow;
        }

        String slot() {
            return purposeId != null ? purposeId : "#" + ACTIONS[action].name();
        }

        ConsentRecord record() {
            return new ConsentRecord(position, new UUID(idHigh, idLow), subject.id, index + 1L, purposeId,
                    purposeVersion, ACTIONS[action], Instant.ofEpochMilli(recordedAt),
                    expiresAt == NO_EXPIRY ? null : Instant.ofEpochMilli(expiresAt), noticeVersion,
                    collectionPoint, CHANNELS[channel], actor, jurisdiction, interactionId(), evidenceDigest,
                    chained ? subject.rows[index - 1].hash() : previousHash, hash());
        }
    }

    /** An empty store. */
    public InMemoryConsentStore() {
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        Objects.requireNonNull(appends, "appends");
        lock.writeLock().lock();
        try {
            Set<String> seen = new HashSet<>();
            for (SubjectAppend a : appends) {
                if (!seen.add(a.subject())) {
                    throw new InvalidInputException("appends", a.subject(), "holds the same subject twice");
                }
                Subject s = subjects.get(a.subject());
                // the duplicate first: the retry of a stored append also has a stale expected sequence
                if (s != null && s.hasInteraction(a.interactionId())) {
                    throw new DuplicateInteractionException(a.subject(), a.interactionId());
                }
                long sequence = s == null ? 0 : s.sequence();
                if (sequence != a.expectedSequence()) {
                    throw new ConcurrentUpdateException(a.subject(), a.expectedSequence());
                }
            }
            List<ConsentRecord> out = new ArrayList<>();
            for (SubjectAppend a : appends) {
                Subject s = subjects.computeIfAbsent(a.subject(), Subject::new);
                for (ConsentRecord r : a.records()) {
                    ConsentRecord stored = r.withPosition(feed.size() + 1L);
                    Row row = new Row(stored, s, s.count);
                    feed.add(row);
                    s.add(row);
                    out.add(stored);
                }
                if (!a.evidence().isEmpty()) {
                    if (s.evidence == null) {
                        s.evidence = new HashMap<>(4);
                    }
                    s.evidence.putAll(a.evidence());
                }
            }
            return out;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        lock.readLock().lock();
        try {
            return currentStateOf(subject);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjectIds) {
        lock.readLock().lock();
        try {
            Map<String, CurrentState> out = new LinkedHashMap<>();
            for (String subject : subjectIds) {
                out.put(subject, currentStateOf(subject));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private CurrentState currentStateOf(String subject) {
        Subject s = subjects.get(Objects.requireNonNull(subject, "subject"));
        return new CurrentState(subject, s == null ? List.of() : s.latestRecords(), feed.size());
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        lock.readLock().lock();
        try {
            Subject s = subjects.get(Objects.requireNonNull(subject, "subject"));
            return s == null ? List.of() : List.copyOf(s.records());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new InvalidInputException("afterPosition", afterPosition, "must not be negative");
        }
        if (limit < 1) {
            throw new InvalidInputException("limit", limit, "must be 1 or more");
        }
        lock.readLock().lock();
        try {
            int from = (int) Math.min(afterPosition, feed.size());
            int to = (int) Math.min((long) from + limit, feed.size());
            List<ConsentRecord> out = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                out.add(feed.get(i).record());
            }
            return List.copyOf(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long headPosition() {
        lock.readLock().lock();
        try {
            return feed.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<UUID, StoredEvidence> readEvidence(String subject) {
        lock.readLock().lock();
        try {
            Subject s = subjects.get(Objects.requireNonNull(subject, "subject"));
            return s == null || s.evidence == null ? Map.of() : Map.copyOf(s.evidence);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void eraseEvidence(String subject) {
        lock.writeLock().lock();
        try {
            Subject s = subjects.get(Objects.requireNonNull(subject, "subject"));
            if (s != null) {
                s.evidence = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void savePurpose(Purpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        lock.writeLock().lock();
        try {
            TreeMap<Integer, Purpose> versions = purposes.computeIfAbsent(purpose.id(), k -> new TreeMap<>());
            Purpose existing = versions.get(purpose.version());
            if (existing != null) {
                if (!existing.equals(purpose)) {
                    throw new PurposeConflictException("purpose " + purpose.id() + " version " + purpose.version()
                            + " is already stored with other content");
                }
                return;
            }
            versions.put(purpose.version(), purpose);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<Purpose> loadPurposes() {
        lock.readLock().lock();
        try {
            List<Purpose> out = new ArrayList<>();
            for (TreeMap<Integer, Purpose> versions : purposes.values()) {
                out.addAll(versions.values());
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void saveLink(SubjectLink link) {
        Objects.requireNonNull(link, "link");
        lock.writeLock().lock();
        try {
            links.putIfAbsent(List.of(link.anonymousId(), link.accountId(), link.interactionId()), link);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<SubjectLink> readLinks(String subject) {
        Objects.requireNonNull(subject, "subject");
        lock.readLock().lock();
        try {
            List<SubjectLink> out = new ArrayList<>();
            for (SubjectLink l : links.values()) {
                if (l.anonymousId().equals(subject) || l.accountId().equals(subject)) {
                    out.add(l);
                }
            }
            out.sort(LINK_ORDER);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static final java.util.Comparator<SubjectLink> LINK_ORDER = java.util.Comparator
            .comparing(SubjectLink::linkedAt).thenComparing(SubjectLink::anonymousId)
            .thenComparing(SubjectLink::accountId).thenComparing(SubjectLink::interactionId);
}
