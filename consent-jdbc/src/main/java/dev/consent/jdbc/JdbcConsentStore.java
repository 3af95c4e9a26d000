package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.StoreUnavailableException;
import dev.consent.SubjectLink;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.EvidenceRef;
import dev.consent.spi.PeriodCounts;
import dev.consent.spi.RelayState;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The consent ledger in a relational database: H2 (file or in memory), PostgreSQL or MariaDB/MySQL, over a
 * {@link DataSource} or an existing {@link Jdbi}. Thread-safe; several processes may share one database, each
 * with its own store and {@code ConsentSystem}.
 *
 * <pre>{@code
 * ConsentStore store = JdbcConsentStore.create(dataSource);          // migrates the schema, detects the dialect
 * ConsentSystem consent = ConsentSystem.builder().store(store).build();
 * }</pre>
 *
 * <p><b>Tables.</b> Each table name starts with the prefix ({@link Builder#tablePrefix(String)}); the tables
 * are listed in the {@linkplain dev.consent.jdbc package documentation}; see also {@link #rebuildCurrentState()}.
 *
 * <p><b>Ordering.</b> Every append locks the single ledger-head row first and assigns positions under that
 * lock, so appends are serialised per database and commit in position order: the change feed never skips a
 * record that commits late. Keep transactions that write consent short: they hold that lock until they end.
 *
 * <p><b>Failures.</b> Every failure of the database (down, timed out, pool exhausted) is reported as
 * {@link StoreUnavailableException} with the driver's exception as its cause, and a failed append leaves
 * nothing behind. Each statement is bounded by {@link Builder#queryTimeout(Duration)}; waiting for a
 * connection is bounded by the pool's own timeout.
 */
public final class JdbcConsentStore implements ConsentStore {
    private final Jdbi jdbi;
    private final JdbiCalls calls;
    private final Dialect dialect;
    private final String prefix;
    private final LedgerSql ledger;
    private final EvidenceSql evidence;
    private final EvidenceAtRest evidenceAtRest;
    private final CurrentStateReads currentStates;
    private final PurposeSql purposes;
    private final LinkSql links;
    private final PeriodCountSql periodCounts;
    private final RegistryEventSql registryEvents;
    private final RetentionSql retention;
    private final CurrentStateRebuild rebuild;
    private final DirectAppends directAppends;
    private final JdbcTree tree;
    final GroupCommit appends; // package-private: tests and measurements read its batches
    private final NewSubjectGuess newSubjects = new NewSubjectGuess();
    private final @Nullable H2AppendLock h2Appends; // on H2 only

    private JdbcConsentStore(Builder b, Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.calls = new JdbiCalls(jdbi);
        this.dialect = dialect;
        this.prefix = b.tablePrefix;
        int timeoutSeconds = (int) Math.max(1, b.queryTimeout.toSeconds());
        Statements statements = new Statements(timeoutSeconds);
        this.evidence = new EvidenceSql(
                statements,
                prefix,
                new EvidenceKeyTable(dialect, statements, prefix, b.evidenceKeys, b.evidenceMasterKey));
        this.evidenceAtRest = new EvidenceAtRest(calls, jdbi, dialect, evidence);
        this.ledger = new LedgerSql(dialect, statements, prefix, evidence);
        this.currentStates = new CurrentStateReads(calls, ledger);
        this.tree = new JdbcTree(calls, ledger);
        this.purposes = new PurposeSql(calls, statements, prefix);
        this.links = new LinkSql(calls, prefix, timeoutSeconds);
        this.periodCounts = new PeriodCountSql(calls, statements, prefix);
        this.registryEvents = new RegistryEventSql(calls, statements, prefix);
        this.retention = new RetentionSql(calls, statements, prefix);
        this.rebuild = new CurrentStateRebuild(ledger, prefix);
        this.h2Appends = dialect == Dialect.H2 ? H2AppendLock.of(jdbi, timeoutSeconds) : null;
        this.directAppends = new DirectAppends(calls, ledger, h2Appends, jdbi, statements, prefix, dialect);
        this.appends = new GroupCommit(
                new BatchAppendSql(jdbi, ledger, statements, prefix, dialect, h2Appends, newSubjects)::run);
    }

    /**
     * A store over {@code dataSource} with the defaults: dialect detected, tables prefixed {@code consent_}
     * and migrated to this library's version.
     *
     * @throws SchemaException if the schema is newer than this library or cannot be migrated
     * @throws StoreUnavailableException if the database cannot be reached
     */
    public static JdbcConsentStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** Starts configuring a store over a data source (a connection pool, as a rule). */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")));
    }

    /** Starts configuring a store over an existing Jdbi; its configuration is left unchanged. */
    public static Builder builder(Jdbi jdbi) {
        return new Builder(Objects.requireNonNull(jdbi, "jdbi"));
    }

    /** The dialect in use. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * The state of relays ({@link dev.consent.relay.Relay}) kept in this store's database: checkpoints,
     * leases and dead letters in {@code <prefix>relay} and {@code <prefix>relay_dead_letter}. Instances of
     * one relay on several nodes over one database share them. Each call returns a new, thread-safe view.
     */
    public RelayState relayState() {
        return new JdbcRelayState(jdbi, prefix);
    }

    /** Data-subject requests' events in {@code <prefix>request_event}, shared by every node; a new view per call. */
    public dev.consent.requests.RequestStore requestStore() {
        return new JdbcRequestStore(calls, ledger.statements(), prefix, h2Appends);
    }

    /** The table prefix in use. */
    public String tablePrefix() {
        return prefix;
    }

    /**
     * The ledger inside an application's open Jdbi transaction: records written through it commit or roll
     * back with the application's own statements, and the cache and listeners hear of them only after
     * {@code handle.commit()} (Jdbi's after-commit callbacks). Use it with
     * {@code consent.ledger().inTransaction(store.transaction(handle))}.
     *
     * @throws IllegalStateException if the handle is not in a transaction
     */
    public StoreTransaction transaction(Handle handle) {
        return new HandleTransaction(StoreArguments.inTransaction(handle), ledger);
    }

    /**
     * The ledger inside an application's JDBC transaction (auto-commit off). Commit through
     * {@link JdbcTransaction#commit()} so that the cache and listeners hear of the records at once; a commit
     * made directly on the connection is seen through the change feed instead, within its poll interval.
     *
     * @throws IllegalStateException if the connection is in auto-commit mode
     * @throws StoreUnavailableException if the connection cannot be inspected
     */
    public JdbcTransaction transaction(Connection connection) {
        return new JdbcTransaction(StoreArguments.notAutoCommit(connection), ledger);
    }

    /**
     * The ledger inside a transaction that a transaction manager runs on {@code connection} and ends itself
     * (Spring, Jakarta Transactions, an application's own unit of work): records written through it commit or
     * roll back with that transaction, and the cache and listeners hear of them from the after-commit actions
     * the library registers through {@code callbacks}. Use it with
     * {@code consent.ledger().inTransaction(store.transaction(connection, callbacks))}, or let a
     * {@link dev.consent.spi.TransactionJoin} do so for every write (the Spring integration does). The
     * connection stays the manager's: this never commits, rolls back or closes it.
     *
     * <p>Once the transaction has written a record, it holds the ledger-head lock until it ends, and a consent
     * write of the same thread outside it throws {@link dev.consent.TransactionInProgressException} at once
     * (it would wait for the open transaction forever); {@code callbacks} tell the library when it ends.
     *
     * @throws IllegalStateException if the connection is in auto-commit mode
     * @throws StoreUnavailableException if the connection cannot be inspected
     */
    public StoreTransaction transaction(Connection connection, dev.consent.spi.TransactionCallbacks callbacks) {
        Objects.requireNonNull(callbacks, "callbacks");
        return new ManagedTransaction(StoreArguments.notAutoCommit(connection), callbacks, ledger);
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.consent.TransactionInProgressException if the calling thread has a transaction open that has
     *     written to this ledger; nothing is written
     */
    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        OpenTransactions.checkNoneOtherThan(ledger, null);
        return directAppends.append(appends);
    }

    /**
     * Builds and appends in one transaction, shared with the appends of other threads that arrive meanwhile
     * (group commit; see {@link GroupCommit} and {@link BatchAppendSql}). The append is built on the caller's
     * thread before it joins a batch, on {@code known} if given, or on the empty state while subjects the
     * caller knows nothing of mostly turn out new ({@link NewSubjectGuess}); the unique keys check that state
     * when the records are inserted, and if it was not current the batch runs again, reading each subject's
     * state under the ledger-head lock and building on it. When {@code build} returns nothing or throws on a
     * state that was not read, it is called again on the state read, so neither a stale cache nor a guess
     * decides that there is nothing to write.
     */
    @Override
    public List<ConsentRecord> appendBuilt(
            String subject,
            String interactionId,
            @Nullable CurrentState known,
            Function<CurrentState, @Nullable SubjectAppend> build) {
        OpenTransactions.checkNoneOtherThan(ledger, null);
        return appends.submit(newSubjects.pending(subject, interactionId, known, build));
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        Objects.requireNonNull(subject, "subject");
        return calls.withHandle("read the current state of a subject", h -> ledger.loadCurrentState(h, subject));
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects) {
        return currentStates.read(subjects, null);
    }

    /** Reads only the rows of {@code purposeId} and of the lifecycle actions from the current state. */
    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects, String purposeId) {
        return currentStates.read(subjects, Objects.requireNonNull(purposeId, "purposeId"));
    }

    @Override
    public Map<String, List<ConsentRecord>> readSubjects(Collection<String> subjects) {
        StoreArguments.noNullSubject(subjects);
        return calls.withHandle("read the histories of subjects", h -> ledger.readSubjects(h, subjects));
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        return calls.withHandle("read the history of a subject", h -> ledger.readSubject(h, subject));
    }

    /** The ledger's Merkle tree, kept in the head row and {@code <prefix>merkle_node} (schema version 9). */
    @Override
    public dev.consent.spi.LedgerTree tree() {
        return tree;
    }

    @Override
    public java.util.Optional<ConsentRecord> readRecord(UUID recordId) {
        return ledger.readRecord(calls, Objects.requireNonNull(recordId, "recordId"));
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        StoreArguments.checkPage(afterPosition, limit);
        return calls.withHandle("read the change feed", h -> ledger.readFeed(h, afterPosition, limit));
    }

    @Override
    public List<ConsentRecord> readErasures(long afterPosition, int limit) {
        StoreArguments.checkPage(afterPosition, limit);
        return calls.withHandle("read the erasures", h -> ledger.readErasures(h, afterPosition, limit));
    }

    /** Counts in the database, in one statement (see {@link PeriodCounts}); loads no records. */
    @Override
    public PeriodCounts countPeriod(Instant from, Instant to) {
        return periodCounts.count(from, to);
    }

    @Override
    public void saveRegistryEvent(dev.consent.spi.RegistryEvent event) {
        java.util.Objects.requireNonNull(event, "event");
        registryEvents.save(event);
    }

    @Override
    public List<dev.consent.spi.RegistryEvent> loadRegistryEvents() {
        return registryEvents.loadAll();
    }

    /** Counts in the database, in one statement; loads no records. */
    @Override
    public long countGrants(dev.consent.GrantFilter filter) {
        java.util.Objects.requireNonNull(filter, "filter");
        return registryEvents.countGrants(filter);
    }

    /** Counts in the database, in one statement, as {@link #countPeriod} does. */
    @Override
    public List<PeriodCounts.EndStateCount> countSelectedEndStates(
            Instant from, Instant to, List<dev.consent.GrantFilter> anyOf) {
        java.util.Objects.requireNonNull(anyOf, "anyOf");
        return periodCounts.countSelected(from, to, anyOf);
    }

    @Override
    public long headPosition() {
        return calls.withHandle("read the ledger head", ledger::headPosition);
    }

    @Override
    public Map<UUID, StoredEvidence> readEvidence(String subject) {
        Objects.requireNonNull(subject, "subject");
        return calls.withHandle("read the evidence of a subject", h -> evidence.read(h, subject));
    }

    /**
     * {@inheritDoc} The evidence rows and the subject's data key go in one transaction (a key in the application's
     * {@link dev.consent.spi.EvidenceKeys} is destroyed right after it commits); the copies a database keeps of
     * deleted rows hold only sealed evidence, and {@link EvidenceAtRest#finishErasures()} removes the key table's.
     */
    @Override
    public void eraseEvidence(String subject) {
        Objects.requireNonNull(subject, "subject");
        calls.inTransaction("erase the evidence of a subject", h -> evidence.erase(h, subject));
        evidence.keys().destroyAfterCommit(List.of(subject));
    }

    /**
     * The upkeep of evidence at rest: sealing evidence written before schema version 8, and the cleanup that
     * finishes erasures in the database's files.
     */
    public EvidenceAtRest evidenceAtRest() {
        return evidenceAtRest;
    }

    @Override
    public List<EvidenceRef> readEvidenceRecordedBefore(
            Instant cutoff, @Nullable Set<String> purposeIds, long after, int limit) {
        return retention.evidenceBefore(cutoff, purposeIds, after, limit);
    }

    @Override
    public int removeEvidence(Collection<EvidenceRef> records) {
        return retention.removeEvidence(records);
    }

    @Override
    public List<String> readSubjectsLastRecordedBefore(Instant cutoff, String afterSubject, int limit) {
        return retention.subjectsLastRecordedBefore(cutoff, afterSubject, limit);
    }

    @Override
    public void savePurpose(Purpose purpose) {
        purposes.save(Objects.requireNonNull(purpose, "purpose"));
    }

    @Override
    public List<Purpose> loadPurposes() {
        return purposes.loadAll();
    }

    @Override
    public void saveLink(SubjectLink link) {
        links.save(Objects.requireNonNull(link, "link"));
    }

    @Override
    public List<SubjectLink> readLinks(String subject) {
        return links.read(Objects.requireNonNull(subject, "subject"));
    }

    /**
     * Rebuilds the current-state table from the records (for example after restoring the records alone, or
     * when {@code verify()} reports that the current state differs from the records). Runs in one
     * transaction, holding the ledger-head lock so no append interleaves.
     *
     * @return how many current-state rows were written
     * @throws StoreUnavailableException if the database failed; the table is then unchanged
     */
    public int rebuildCurrentState() {
        OpenTransactions.checkNoneOtherThan(ledger, null);
        return calls.inTransaction("rebuild the current state", rebuild::run);
    }

    /** Leaves the data source or Jdbi open: they belong to the application. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "JdbcConsentStore[" + dialect + ", prefix=" + prefix + "]";
    }

    /**
     * Configures a {@link JdbcConsentStore}. Each setting may be given once; a bad value is rejected at once
     * with the value in the message. Not thread-safe.
     */
    public static final class Builder {
        private final Jdbi jdbi;
        private @Nullable Dialect dialect;
        private String tablePrefix = "consent_";
        private SchemaMode schemaMode = SchemaMode.MIGRATE;
        private Duration queryTimeout = Duration.ofSeconds(5);
        private boolean durableH2 = true;
        private boolean partitionedBySubject;
        private boolean appendOnly;
        private dev.consent.spi.@Nullable EvidenceKeys evidenceKeys;
        private javax.crypto.@Nullable SecretKey evidenceMasterKey;
        private final BuilderChecks checks = new BuilderChecks();

        private Builder(Jdbi jdbi) {
            this.jdbi = jdbi;
        }

        /** The dialect; detected from the driver's product name by default. */
        public Builder dialect(Dialect dialect) {
            checks.once("dialect");
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * The prefix of every table name, so the ledger can live beside the application's tables or several
         * ledgers in one schema; defaults to {@code consent_}.
         *
         * @param prefix a lowercase letter, then up to 29 lowercase letters, digits or underscores
         */
        public Builder tablePrefix(String prefix) {
            checks.once("tablePrefix");
            this.tablePrefix = BuilderChecks.tablePrefix(prefix);
            return this;
        }

        /** What to do with the schema at start; defaults to {@link SchemaMode#MIGRATE}. */
        public Builder schemaMode(SchemaMode mode) {
            checks.once("schemaMode");
            this.schemaMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The longest a statement may run before it fails with {@link StoreUnavailableException}; defaults to
         * 5 seconds. JDBC counts whole seconds.
         *
         * @param timeout between 1 second and 1 hour
         */
        public Builder queryTimeout(Duration timeout) {
            checks.once("queryTimeout");
            this.queryTimeout = BuilderChecks.queryTimeout(timeout);
            return this;
        }

        /**
         * On H2, whether the store sets {@code WRITE_DELAY 0} at start so that a commit is written to the
         * database file before it returns (H2's default delays the write by up to 500 ms, and a crash loses
         * those commits); defaults to true. Has no effect on other databases or on in-memory H2.
         */
        public Builder durableH2Commits(boolean durable) {
            checks.once("durableH2Commits");
            this.durableH2 = durable;
            return this;
        }

        /**
         * On PostgreSQL, the schema whose per-subject tables ({@code record}, {@code interaction},
         * {@code current_state}, {@code evidence}, {@code subject_link}) are hash-partitioned by subject into 8
         * partitions, each key including the subject, as distributed engines that speak PostgreSQL require of
         * a distribution column: {@link SchemaMode#MIGRATE} applies the scripts in
         * {@code dev/consent/jdbc/schema/postgresql-partitioned/}, and MIGRATE and VALIDATE check that the
         * tables are partitioned. The store's SQL is the same on either layout; the feed position stays one
         * row (see docs/scaling.md). Off by default.
         *
         * @throws InvalidInputException from {@link #build()} if the database is not PostgreSQL
         */
        public Builder partitionedBySubject() {
            checks.once("partitionedBySubject");
            this.partitionedBySubject = true;
            return this;
        }

        /**
         * Has the database itself refuse every UPDATE and DELETE of {@code <prefix>record} and
         * {@code <prefix>interaction} (and TRUNCATE on PostgreSQL), from any connection, the application's
         * included, with triggers: {@link SchemaMode#MIGRATE} applies the script
         * {@code dev/consent/jdbc/schema/append-only/<dialect>.sql} when a trigger is missing (idempotent, under
         * the migration lock), {@link SchemaMode#VALIDATE} refuses to start without the triggers,
         * {@link SchemaMode#NONE} checks nothing. Every operation of the library, erasure and retention
         * included, keeps working: they delete evidence rows only. On PostgreSQL, needs version 13 or later for
         * the subject-partitioned layout. Off by default; see docs/stores.md, "Append-only, enforced".
         */
        public Builder enforceAppendOnly() {
            checks.once("enforceAppendOnly");
            this.appendOnly = true;
            return this;
        }

        /**
         * Where the data keys of evidence live instead of the key table {@code <prefix>evidence_key}: for example a
         * key management service or a secrets store, outside the database and its backups, so that an erasure is
         * final in every copy at once (see docs/evidence-at-rest.md). Not together with
         * {@link #evidenceMasterKey}.
         */
        public Builder evidenceKeys(dev.consent.spi.EvidenceKeys keys) {
            checks.once("evidenceKeys");
            this.evidenceKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * A key the application holds outside the database (a secrets store, an environment variable): each data
         * key is then derived from it and the random bytes of the key table, so the database and its copies alone
         * open no evidence. Losing it loses every piece of evidence. Not together with {@link #evidenceKeys}.
         *
         * @param key an HMAC-SHA256 or AES key of at least 32 bytes
         */
        public Builder evidenceMasterKey(javax.crypto.SecretKey key) {
            checks.once("evidenceMasterKey");
            this.evidenceMasterKey = BuilderChecks.masterKey(key);
            return this;
        }

        /**
         * Detects the dialect, applies the schema mode and returns the store.
         *
         * @throws SchemaException if the schema does not fit
         * @throws StoreUnavailableException if the database cannot be reached
         * @throws InvalidInputException if the database is not one the store supports
         */
        public JdbcConsentStore build() {
            if (evidenceKeys != null && evidenceMasterKey != null) {
                throw new InvalidInputException(
                        "evidenceMasterKey", "set", "derives keys of the key table: not with evidenceKeys");
            }
            Dialect d = StoreSetup.prepare(
                    jdbi, dialect, tablePrefix, schemaMode, durableH2, partitionedBySubject, appendOnly);
            JdbcConsentStore store = new JdbcConsentStore(this, jdbi, d);
            if (schemaMode == SchemaMode.MIGRATE) {
                // a ledger from before schema version 9 gets its Merkle tree now, in chunks, not in its first append
                store.tree.catchUpIfBehind();
            }
            return store;
        }
    }
}
