package dev.consent.memory;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.EvidenceKeyMissingException;
import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import dev.consent.SubjectLink;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.EvidenceKeys;
import dev.consent.spi.EvidenceRef;
import dev.consent.spi.EvidenceSeal;
import dev.consent.spi.LedgerTree;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe store that keeps the ledger in the heap of one process: for tests, demos and small
 * single-process applications. Nothing survives the process. Appends are serialised by one lock, so
 * positions follow commit order; reads run concurrently with each other.
 *
 * <p>A real store, not a test double: it enforces the same rules as the database stores (optimistic
 * concurrency per subject, idempotent interactions, all-or-nothing batches) and passes the same contract
 * suite.
 *
 * <p>Each record is kept once, in a compact encoding, in the feed and in its subject's records.
 */
public final class InMemoryConsentStore implements ConsentStore {
    private static final Comparator<SubjectLink> LINK_ORDER = Comparator.comparing(SubjectLink::linkedAt)
            .thenComparing(SubjectLink::anonymousId)
            .thenComparing(SubjectLink::accountId)
            .thenComparing(SubjectLink::interactionId);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, SubjectRecords> subjects = new HashMap<>();
    private final ArrayList<CompactRecord> feed = new ArrayList<>();
    private final RecordIndex byId = new RecordIndex();
    private final MemoryTree tree = new MemoryTree(lock, i -> feed.get((int) i).hash());
    private final Map<String, TreeMap<Integer, Purpose>> purposes = new HashMap<>();
    /** Links by their key (anonymous id, account id, interaction id), in the order saved. */
    private final Map<List<String>, SubjectLink> links = new LinkedHashMap<>();

    private final RegistryEventLog registryEvents = new RegistryEventLog();
    private final EvidenceKeys keys;

    /** An empty store whose evidence keys live in this process ({@link EvidenceKeys#inMemory()}). */
    public InMemoryConsentStore() {
        this(EvidenceKeys.inMemory());
    }

    /**
     * An empty store that seals evidence under data keys from {@code keys}: each piece of evidence is kept only
     * sealed ({@link dev.consent.spi.EvidenceSeal}), and erasure destroys the subject's key.
     */
    public InMemoryConsentStore(EvidenceKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
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
                SubjectRecords s = subjects.get(a.subject());
                // the duplicate first: the retry of a stored append also has a stale expected sequence
                if (s != null && s.hasInteraction(a.interactionId())) {
                    throw new DuplicateInteractionException(a.subject(), a.interactionId());
                }
                long sequence = s == null ? 0 : s.sequence();
                if (sequence != a.expectedSequence()) {
                    throw new ConcurrentUpdateException(a.subject(), a.expectedSequence());
                }
            }
            List<String> withEvidence = appends.stream()
                    .filter(a -> !a.evidence().isEmpty())
                    .map(SubjectAppend::subject)
                    .toList();
            Map<String, SecretKey> subjectKeys = withEvidence.isEmpty() ? Map.of() : keys.obtain(withEvidence);
            List<ConsentRecord> out = new ArrayList<>();
            for (SubjectAppend a : appends) {
                SubjectRecords s = subjects.computeIfAbsent(a.subject(), SubjectRecords::new);
                for (ConsentRecord r : a.records()) {
                    ConsentRecord stored = r.withPosition(feed.size() + 1L);
                    CompactRecord compact = new CompactRecord(stored, s, s.count());
                    feed.add(compact);
                    tree.add(stored.hash());
                    byId.add(stored.id(), feed.size() - 1, feed);
                    s.add(compact);
                    out.add(stored);
                }
                Map<UUID, byte[]> sealed = new HashMap<>();
                for (Map.Entry<UUID, StoredEvidence> e : a.evidence().entrySet()) {
                    sealed.put(
                            e.getKey(),
                            EvidenceSeal.seal(e.getValue(), subjectKeys.get(a.subject()), a.subject(), e.getKey()));
                }
                s.addEvidence(sealed);
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
        SubjectRecords s = subjects.get(Objects.requireNonNull(subject, "subject"));
        return new CurrentState(subject, s == null ? List.of() : s.latestRecords(), feed.size());
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        lock.readLock().lock();
        try {
            SubjectRecords s = subjects.get(Objects.requireNonNull(subject, "subject"));
            return s == null ? List.of() : List.copyOf(s.records());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** From an index of the record ids kept on append ({@link RecordIndex}: a few bytes a record). */
    @Override
    public java.util.Optional<ConsentRecord> readRecord(UUID recordId) {
        Objects.requireNonNull(recordId, "recordId");
        lock.readLock().lock();
        try {
            CompactRecord r = byId.find(recordId, feed);
            return r == null ? java.util.Optional.empty() : java.util.Optional.of(r.record());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        checkPage(afterPosition, limit);
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
    public LedgerTree tree() {
        return tree;
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
            SubjectRecords s = subjects.get(Objects.requireNonNull(subject, "subject"));
            Map<UUID, byte[]> sealed = s == null ? Map.of() : s.evidence();
            if (sealed.isEmpty()) {
                return Map.of();
            }
            SecretKey key = keys.find(List.of(subject)).get(subject);
            if (key == null) {
                throw new EvidenceKeyMissingException(
                        subject, sealed.size() + " pieces of evidence are stored but the subject's data key is gone");
            }
            Map<UUID, StoredEvidence> out = new HashMap<>();
            sealed.forEach((id, bytes) -> out.put(id, EvidenceSeal.open(bytes, key, subject, id)));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void eraseEvidence(String subject) {
        lock.writeLock().lock();
        try {
            SubjectRecords s = subjects.get(Objects.requireNonNull(subject, "subject"));
            if (s != null) {
                s.eraseEvidence();
            }
            keys.destroy(List.of(subject));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Walks the feed from {@code afterPosition}: the in-memory ledger has no index by time. */
    @Override
    public List<EvidenceRef> readEvidenceRecordedBefore(
            Instant cutoff, @Nullable Set<String> purposeIds, long afterPosition, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        checkPage(afterPosition, limit);
        Set<String> purposes = purposeIds == null ? null : Set.copyOf(purposeIds);
        long before = cutoff.toEpochMilli();
        boolean exact = cutoff.getNano() % 1_000_000 == 0;
        lock.readLock().lock();
        try {
            List<EvidenceRef> out = new ArrayList<>();
            for (int i = (int) Math.min(afterPosition, feed.size()); i < feed.size() && out.size() < limit; i++) {
                CompactRecord r = feed.get(i);
                long at = r.recordedAtMillis();
                boolean early = at < before || !exact && at == before;
                if (early
                        && (purposes == null || r.purposeId() != null && purposes.contains(r.purposeId()))
                        && r.subject().hasEvidence(r.id())) {
                    out.add(new EvidenceRef(r.position(), r.id(), r.subject().id()));
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int removeEvidence(Collection<EvidenceRef> records) {
        List<EvidenceRef> refs = List.copyOf(Objects.requireNonNull(records, "records"));
        lock.writeLock().lock();
        try {
            int removed = 0;
            for (EvidenceRef ref : refs) {
                SubjectRecords s = subjects.get(ref.subject());
                if (s != null && s.removeEvidence(ref.recordId())) {
                    removed++;
                }
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Orders subject ids by {@link String#compareTo}. */
    @Override
    public List<String> readSubjectsLastRecordedBefore(Instant cutoff, String afterSubject, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(afterSubject, "afterSubject");
        checkPage(0, limit);
        lock.readLock().lock();
        try {
            TreeSet<String> out = new TreeSet<>();
            for (SubjectRecords s : subjects.values()) {
                if (s.id().compareTo(afterSubject) > 0
                        && s.count() > 0
                        && Instant.ofEpochMilli(s.lastRecordedAtMillis()).isBefore(cutoff)
                        && !s.erased()) {
                    out.add(s.id());
                    if (out.size() > limit) {
                        out.pollLast();
                    }
                }
            }
            return List.copyOf(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    private static void checkPage(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new InvalidInputException("afterPosition", afterPosition, "must not be negative");
        }
        if (limit < 1) {
            throw new InvalidInputException("limit", limit, "must be 1 or more");
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
    public void saveRegistryEvent(dev.consent.spi.RegistryEvent event) {
        registryEvents.save(event);
    }

    @Override
    public List<dev.consent.spi.RegistryEvent> loadRegistryEvents() {
        return registryEvents.load();
    }

    @Override
    public long countGrants(dev.consent.GrantFilter filter) {
        Objects.requireNonNull(filter, "filter");
        lock.readLock().lock();
        try {
            long n = 0;
            for (CompactRecord r : feed) {
                if (filter.matches(r.record())) {
                    n++;
                }
            }
            return n;
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
}
