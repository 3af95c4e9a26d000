package dev.consent.spring;

import dev.consent.LegalBasis;
import dev.consent.OutagePolicy;
import dev.consent.jdbc.SchemaMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code consent.*} properties: the store, every setting of {@code ConsentSystem.Builder} that a property
 * can carry, and the purposes to define at start. Settings left out keep the library's defaults.
 */
@ConfigurationProperties("consent")
public class ConsentProperties {
    /** Which store to use: the application's DataSource when there is one ({@code auto}), or memory. */
    private StoreType store = StoreType.AUTO;

    private final Jdbc jdbc = new Jdbc();

    /** Most subjects whose snapshots are cached (library default 100,000). */
    private @Nullable Long cacheMaximumSize;

    /** The hard bound on the age of a cached snapshot (library default 10 minutes). */
    private @Nullable Duration cacheExpireAfterWrite;

    /** How far in the future a given record time may lie (library default 2 minutes). */
    private @Nullable Duration futureTolerance;

    /** How often a write that lost a race for its subject is retried (library default 8). */
    private @Nullable Integer conflictRetries;

    /** What cached checks do while the store fails (library default SERVE_CACHED). */
    private @Nullable OutagePolicy outagePolicy;

    /** How often the store's change feed is polled; 0 turns following off (library default 1 second). */
    private @Nullable Duration feedPollInterval;

    /**
     * A secret key kept outside the database, Base64, at least 32 bytes: record hashes become HMAC-SHA256 under
     * it. Give it from a secret store, never in a committed file.
     */
    private @Nullable String integrityKey;

    /**
     * The Ed25519 key that signs the ledger's checkpoints, as the signer key text {@code PRIVATE+KEY+name+...} that
     * {@code NoteSigner.toSignerKey()} writes (the CLI's {@code keygen} makes one); its name is the checkpoints'
     * origin line. Give it from a secret store, never in a committed file.
     */
    private @Nullable String checkpointSignerKey;

    /** Checkpoint publication: where signed checkpoints go outside the database, and how often. */
    private final Checkpoints checkpoints = new Checkpoints();

    /** Whether consent writes in a Spring-managed transaction join it (default true). */
    private boolean joinTransactions = true;

    /** The purposes to define at start (idempotent: a version already stored with the same text is left alone). */
    private List<PurposeProperties> purposes = new ArrayList<>();

    /** Which store the auto-configuration creates. */
    public enum StoreType {
        /** The JDBC store over the application's DataSource when there is exactly one, else the in-memory store. */
        AUTO,
        /** The JDBC store over the application's DataSource; start-up fails without one. */
        JDBC,
        /** The in-memory store: nothing survives the process. */
        MEMORY
    }

    /** The {@code consent.jdbc.*} properties of the JDBC store. */
    public static class Jdbc {
        /** The prefix of every table name (library default {@code consent_}). */
        private @Nullable String tablePrefix;

        /**
         * What the store does with its tables at start; defaults to VALIDATE when Flyway or Liquibase runs in the
         * application (apply the library's scripts with it, see docs/spring.md), else MIGRATE.
         */
        private @Nullable SchemaMode schemaMode;

        /** The longest a statement may run (library default 5 seconds). */
        private @Nullable Duration queryTimeout;

        /** On H2, whether commits are written to the file before they return (library default true). */
        private @Nullable Boolean durableH2Commits;

        /** On PostgreSQL, the per-subject tables hash-partitioned by subject (default false). */
        private boolean partitionedBySubject;

        public @Nullable String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(@Nullable String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public @Nullable SchemaMode getSchemaMode() {
            return schemaMode;
        }

        public void setSchemaMode(@Nullable SchemaMode schemaMode) {
            this.schemaMode = schemaMode;
        }

        public @Nullable Duration getQueryTimeout() {
            return queryTimeout;
        }

        public void setQueryTimeout(@Nullable Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
        }

        public @Nullable Boolean getDurableH2Commits() {
            return durableH2Commits;
        }

        public void setDurableH2Commits(@Nullable Boolean durableH2Commits) {
            this.durableH2Commits = durableH2Commits;
        }

        public boolean isPartitionedBySubject() {
            return partitionedBySubject;
        }

        public void setPartitionedBySubject(boolean partitionedBySubject) {
            this.partitionedBySubject = partitionedBySubject;
        }
    }

    /** One purpose of {@code consent.purposes[n]}: one version of its definition. */
    public static class PurposeProperties {
        /** The purpose id, such as {@code marketing.email}. */
        private @Nullable String id;

        /** The version this text is; raise it with every change of the text (default 1). */
        private int version = 1;

        /** The title shown to the person. */
        private @Nullable String title;

        /** The description shown to the person. */
        private @Nullable String description;

        /** The legal basis (default CONSENT). */
        private LegalBasis legalBasis = LegalBasis.CONSENT;

        /** The group, such as {@code marketing}, for group writes. */
        private @Nullable String group;

        /**
         * How long a consent lasts: a calendar period such as {@code P13M} or a duration such as {@code 395d} or
         * {@code PT72H}; none by default.
         */
        private @Nullable String maxAge;

        /** This version needs fresh consent: grants of earlier versions stop counting. */
        private boolean materialChange;

        /** The lowest version whose grants still count, if not all. */
        private @Nullable Integer minValidVersion;

        /** The recipients the person's data goes to under this version. */
        private List<String> recipients = new ArrayList<>();

        /** Whether the purpose is retired. */
        private boolean retired;

        /** The purpose category that consent receipts state. */
        private @Nullable String category;

        /** The categories of personal data processed, for receipts. */
        private List<String> piiCategories = new ArrayList<>();

        /** The special categories of personal data processed, for receipts. */
        private List<String> sensitiveCategories = new ArrayList<>();

        public @Nullable String getId() {
            return id;
        }

        public void setId(@Nullable String id) {
            this.id = id;
        }

        public int getVersion() {
            return version;
        }

        public void setVersion(int version) {
            this.version = version;
        }

        public @Nullable String getTitle() {
            return title;
        }

        public void setTitle(@Nullable String title) {
            this.title = title;
        }

        public @Nullable String getDescription() {
            return description;
        }

        public void setDescription(@Nullable String description) {
            this.description = description;
        }

        public LegalBasis getLegalBasis() {
            return legalBasis;
        }

        public void setLegalBasis(LegalBasis legalBasis) {
            this.legalBasis = legalBasis;
        }

        public @Nullable String getGroup() {
            return group;
        }

        public void setGroup(@Nullable String group) {
            this.group = group;
        }

        public @Nullable String getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(@Nullable String maxAge) {
            this.maxAge = maxAge;
        }

        public boolean isMaterialChange() {
            return materialChange;
        }

        public void setMaterialChange(boolean materialChange) {
            this.materialChange = materialChange;
        }

        public @Nullable Integer getMinValidVersion() {
            return minValidVersion;
        }

        public void setMinValidVersion(@Nullable Integer minValidVersion) {
            this.minValidVersion = minValidVersion;
        }

        public List<String> getRecipients() {
            return recipients;
        }

        public void setRecipients(List<String> recipients) {
            this.recipients = recipients;
        }

        public boolean isRetired() {
            return retired;
        }

        public void setRetired(boolean retired) {
            this.retired = retired;
        }

        public @Nullable String getCategory() {
            return category;
        }

        public void setCategory(@Nullable String category) {
            this.category = category;
        }

        public List<String> getPiiCategories() {
            return piiCategories;
        }

        public void setPiiCategories(List<String> piiCategories) {
            this.piiCategories = piiCategories;
        }

        public List<String> getSensitiveCategories() {
            return sensitiveCategories;
        }

        public void setSensitiveCategories(List<String> sensitiveCategories) {
            this.sensitiveCategories = sensitiveCategories;
        }
    }

    public StoreType getStore() {
        return store;
    }

    public void setStore(StoreType store) {
        this.store = store;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public @Nullable Long getCacheMaximumSize() {
        return cacheMaximumSize;
    }

    public void setCacheMaximumSize(@Nullable Long cacheMaximumSize) {
        this.cacheMaximumSize = cacheMaximumSize;
    }

    public @Nullable Duration getCacheExpireAfterWrite() {
        return cacheExpireAfterWrite;
    }

    public void setCacheExpireAfterWrite(@Nullable Duration cacheExpireAfterWrite) {
        this.cacheExpireAfterWrite = cacheExpireAfterWrite;
    }

    public @Nullable Duration getFutureTolerance() {
        return futureTolerance;
    }

    public void setFutureTolerance(@Nullable Duration futureTolerance) {
        this.futureTolerance = futureTolerance;
    }

    public @Nullable Integer getConflictRetries() {
        return conflictRetries;
    }

    public void setConflictRetries(@Nullable Integer conflictRetries) {
        this.conflictRetries = conflictRetries;
    }

    public @Nullable OutagePolicy getOutagePolicy() {
        return outagePolicy;
    }

    public void setOutagePolicy(@Nullable OutagePolicy outagePolicy) {
        this.outagePolicy = outagePolicy;
    }

    public @Nullable Duration getFeedPollInterval() {
        return feedPollInterval;
    }

    public void setFeedPollInterval(@Nullable Duration feedPollInterval) {
        this.feedPollInterval = feedPollInterval;
    }

    public @Nullable String getCheckpointSignerKey() {
        return checkpointSignerKey;
    }

    public void setCheckpointSignerKey(@Nullable String checkpointSignerKey) {
        this.checkpointSignerKey = checkpointSignerKey;
    }

    public Checkpoints getCheckpoints() {
        return checkpoints;
    }

    /** Checkpoint publication ({@code dev.consent.merkle.CheckpointPublisher}), on when a directory is given. */
    public static class Checkpoints {
        /** A directory outside the database's reach where each larger signed checkpoint is written. */
        private @Nullable String directory;

        /** How often a checkpoint is made and published (default 5 minutes). */
        private Duration every = Duration.ofMinutes(5);

        public @Nullable String getDirectory() {
            return directory;
        }

        public void setDirectory(@Nullable String directory) {
            this.directory = directory;
        }

        public Duration getEvery() {
            return every;
        }

        public void setEvery(Duration every) {
            this.every = every;
        }
    }

    public @Nullable String getIntegrityKey() {
        return integrityKey;
    }

    public void setIntegrityKey(@Nullable String integrityKey) {
        this.integrityKey = integrityKey;
    }

    public boolean isJoinTransactions() {
        return joinTransactions;
    }

    public void setJoinTransactions(boolean joinTransactions) {
        this.joinTransactions = joinTransactions;
    }

    public List<PurposeProperties> getPurposes() {
        return purposes;
    }

    public void setPurposes(List<PurposeProperties> purposes) {
        this.purposes = purposes;
    }
}
