package dev.consent.audit;

import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.internal.PastDecisions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Checks a processing log against the ledger: for every event (a system processed a subject's data for a
 * purpose at an instant), the decision {@code enforcer.checkAt(subject, purpose, at)} gives, and each event
 * it does not allow is a {@link DriftViolation}, handed to the caller's consumer as soon as it is found, with
 * the decision's reason and deciding record. The {@link DriftReport} adds the totals per purpose and per
 * system and what the run read.
 *
 * <pre>{@code
 * DriftAudit audit = DriftAudit.of(consent);
 * DriftReport report = audit.runCsv(Path.of("mailer-2026-03.csv"), v -> out.println(
 *         v.eventNumber() + " " + v.event().subject() + " " + v.reason() + " " + v.recordId()));
 * }</pre>
 *
 * <p><b>Decisions.</b> The same rules as {@code checkAt}, from the same code: the purpose version in force at
 * the event's instant, the subject's records up to it, its lifecycle then, expiry judged at the instant.
 * Contract, legal-obligation, vital-interest and public-task purposes are never violations. An event for a
 * purpose id the registry does not know is a violation with the reason {@code UNKNOWN_PURPOSE} (processing for
 * an undefined purpose has no basis: fail closed). The purposes are those the system knows when the run starts.
 *
 * <p><b>Reads and memory.</b> Each subject's history is read from the store once ({@code ConsentLedger.history},
 * bypassing the cache) and every event of the subject is decided from it in memory. The run streams: it holds the
 * current event, the histories of the last {@link Builder#historyCacheSize subjects seen} (least recently used
 * first out) and one total per purpose and per system, never the log. <b>Input contract:</b> events should
 * arrive grouped by subject (as {@code ORDER BY subject} or a log partitioned by subject gives them); their order
 * within a subject does not matter. A subject whose events are spread out is read again only when the cache
 * dropped it meanwhile: {@link DriftReport#historyReads()} counts the reads, and equals the number of subjects when
 * the input is grouped or the cache holds every subject the log returns to.
 *
 * <p><b>Failures.</b> A store failure ends the run with {@link StoreUnavailableException}: an event is never
 * passed because its history could not be read. A malformed event or log row ends it with
 * {@link InvalidInputException} naming where (event number, CSV line and column, row and column); a log that
 * cannot be read, with {@link EventLogException}. What the consumer throws ends the run and reaches the caller.
 * Violations handed out before stay handed out. Thread-safe: runs are independent; each runs on the caller's
 * thread and writes nothing to the ledger.
 */
public final class DriftAudit {
    /** The default of {@link Builder#historyCacheSize}. */
    public static final int DEFAULT_HISTORY_CACHE_SIZE = 1_000;

    private final ConsentSystem system;
    private final int historyCacheSize;

    private DriftAudit(ConsentSystem system, int historyCacheSize) {
        this.system = system;
        this.historyCacheSize = historyCacheSize;
    }

    /** An audit over {@code system}'s ledger and purposes, with the defaults. */
    public static DriftAudit of(ConsentSystem system) {
        return builder(system).build();
    }

    /** Starts configuring an audit over {@code system}'s ledger and purposes. */
    public static Builder builder(ConsentSystem system) {
        return new Builder(Objects.requireNonNull(system, "system"));
    }

    /**
     * Audits {@code events}, handing each violation to {@code violations} in input order.
     *
     * @throws InvalidInputException if an event is null
     * @throws StoreUnavailableException if a history could not be read
     */
    public DriftReport run(Iterator<ProcessingEvent> events, Consumer<? super DriftViolation> violations) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(violations, "violations");
        return new DriftRun(
                        system.ledger(),
                        PastDecisions.of(
                                system.purposes(), system.ageOfConsent().comingOfAge()),
                        historyCacheSize,
                        violations)
                .run(events);
    }

    /** {@link #run(Iterator, Consumer)} over a stream, consumed once; the caller closes it. */
    public DriftReport run(Stream<ProcessingEvent> events, Consumer<? super DriftViolation> violations) {
        return run(Objects.requireNonNull(events, "events").iterator(), violations);
    }

    /**
     * Audits a CSV log (RFC 4180) with the header {@code subject,purpose,at,system} (the columns in any order;
     * {@code at} an ISO-8601 instant such as {@code 2026-03-03T14:14:00Z}); leaves the reader open.
     *
     * @throws InvalidInputException naming the line and column of a malformed header, record or value
     * @throws EventLogException if the reader fails
     * @throws StoreUnavailableException if a history could not be read
     */
    public DriftReport runCsv(Reader csv, Consumer<? super DriftViolation> violations) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(violations, "violations");
        return run(new CsvEvents(csv), violations);
    }

    /** {@link #runCsv(Reader, Consumer)} over a UTF-8 file. */
    public DriftReport runCsv(Path csv, Consumer<? super DriftViolation> violations) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(violations, "violations");
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return runCsv(in, violations);
        } catch (IOException e) {
            throw new EventLogException("could not read the CSV processing log " + csv, e);
        }
    }

    /**
     * Audits the rows of a query result from its current position on, by column label {@code subject},
     * {@code purpose}, {@code at} (a timestamp, epoch milliseconds or an ISO-8601 text) and {@code system};
     * leaves the result set open.
     *
     * @throws InvalidInputException naming the row and column of a bad value
     * @throws EventLogException if the driver fails
     * @throws StoreUnavailableException if a history could not be read
     */
    public DriftReport run(ResultSet rows, Consumer<? super DriftViolation> violations) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(violations, "violations");
        return run(new ResultSetEvents(rows), violations);
    }

    /**
     * Runs {@code sql} (a query with the columns of {@link #run(ResultSet, Consumer)}, best ordered by subject) on
     * a connection of its own from {@code dataSource}, read-only and with auto-commit off so that drivers that
     * can stream the rows (PostgreSQL with a fetch size) do, and audits its rows; gives the connection back with the
     * auto-commit and read-only settings it came with.
     *
     * @throws EventLogException if the query or the driver fails
     */
    public DriftReport run(DataSource dataSource, String sql, Consumer<? super DriftViolation> violations) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(violations, "violations");
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            boolean readOnly = c.isReadOnly();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement s =
                    c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                s.setFetchSize(1_000);
                try (ResultSet rows = s.executeQuery()) {
                    return run(rows, violations);
                }
            } finally {
                // a pooled connection goes back as it came
                c.rollback();
                c.setReadOnly(readOnly);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new EventLogException("could not run the processing log query", e);
        }
    }

    /** Configures a {@link DriftAudit}. Each setting may be given once. Not thread-safe. */
    public static final class Builder {
        private final ConsentSystem system;
        private int historyCacheSize = DEFAULT_HISTORY_CACHE_SIZE;
        private boolean cacheSizeSet;

        private Builder(ConsentSystem system) {
            this.system = system;
        }

        /**
         * How many subjects' histories a run keeps (the current subject's included), for logs whose subjects'
         * events are spread out; {@value DriftAudit#DEFAULT_HISTORY_CACHE_SIZE} by default. Memory grows with it
         * and with the subjects' histories, never with the log.
         *
         * @throws InvalidInputException if below 1, or given twice
         */
        public Builder historyCacheSize(int size) {
            if (cacheSizeSet) {
                throw new InvalidInputException("historyCacheSize", size, "is already set");
            }
            if (size < 1) {
                throw new InvalidInputException("historyCacheSize", size, "must be 1 or more");
            }
            this.historyCacheSize = size;
            this.cacheSizeSet = true;
            return this;
        }

        /** The audit. */
        public DriftAudit build() {
            return new DriftAudit(system, historyCacheSize);
        }
    }
}
