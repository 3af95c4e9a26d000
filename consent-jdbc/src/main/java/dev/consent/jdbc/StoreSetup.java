package dev.consent.jdbc;

import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What building a store does to the database before the first record: detects the dialect, applies the
 * schema mode and, on H2, makes commits durable.
 */
final class StoreSetup {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcConsentStore.class);

    private StoreSetup() {}

    /**
     * Prepares the database for a store.
     *
     * @param dialect the dialect set on the builder; null to detect it
     * @param partitionedBySubject whether the per-subject tables are hash-partitioned by subject (PostgreSQL)
     * @param appendOnly whether the database is to refuse updates and deletes of records and interactions
     * @return the dialect in use
     * @throws SchemaException if the schema does not fit
     * @throws StoreUnavailableException if the database cannot be reached
     * @throws InvalidInputException if the database is not one the store supports
     */
    static Dialect prepare(
            Jdbi jdbi,
            @Nullable Dialect dialect,
            String prefix,
            SchemaMode mode,
            boolean durableH2,
            boolean partitionedBySubject,
            boolean appendOnly) {
        Dialect d = dialect != null ? dialect : detect(jdbi);
        if (partitionedBySubject) {
            SubjectPartitioning.requireSupported(d);
        }
        try {
            new Schema(jdbi, d, prefix, partitionedBySubject ? SubjectPartitioning.SCRIPT_FOLDER : d.scriptFolder())
                    .apply(mode, appendOnly);
            if (partitionedBySubject && mode != SchemaMode.NONE) {
                SubjectPartitioning.check(jdbi, prefix);
            }
        } catch (SchemaException e) {
            if (e.getCause() instanceof ConnectionException) {
                throw new StoreUnavailableException("could not reach the database to check its schema", e);
            }
            throw e;
        }
        if (d == Dialect.H2 && durableH2) {
            makeH2CommitsDurable(jdbi);
        }
        return d;
    }

    private static Dialect detect(Jdbi jdbi) {
        String product;
        try {
            product = jdbi.withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName());
        } catch (SQLException | RuntimeException e) {
            throw new StoreUnavailableException("could not reach the database to detect its dialect", e);
        }
        return Dialect.forProductName(product)
                .orElseThrow(() -> new InvalidInputException(
                        "database", product, "is not supported: use H2, PostgreSQL or MariaDB/MySQL"));
    }

    private static void makeH2CommitsDurable(Jdbi jdbi) {
        try {
            jdbi.useHandle(h -> h.execute("SET WRITE_DELAY 0"));
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not set WRITE_DELAY 0 on H2 (needs admin rights); commits of the last 500 ms may"
                            + " be lost in a crash",
                    e);
        }
    }
}
