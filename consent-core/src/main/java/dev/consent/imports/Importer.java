package dev.consent.imports;

import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.internal.ImportWrites;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports consent decisions kept elsewhere into a system's ledger, keeping their original times. Thread-safe;
 * run one import of a source at a time.
 *
 * <p>Each row becomes one record of channel {@link dev.consent.Channel#IMPORT} at the row's time (its
 * {@code recordedAt}), with the collection point {@code import:<source name>}, the policy version as the notice
 * version, and the IP address, user agent, mechanism and row number as evidence (erasable like any other). A
 * grant's expiry runs from that time; the subject's hash chain covers it. {@code granted=false} is recorded as a
 * withdrawal when the subject's latest record for the purpose grants it, else as a denial. A subject's rows
 * must come in time order: a row older than the subject's latest record (imported or not), in the future, for
 * an erased subject or a retired purpose is rejected, as is a row whose values cannot be read. Rejected rows are
 * listed in the report; nothing of them is written.
 *
 * <p>Idempotent: each row's interaction id is derived from the source name and the decision, so a row already
 * imported is counted as present and not written again; a run that stopped half-way (a crash, a failing
 * source or store) is completed by running it again. Each row's record is appended atomically; rows are written
 * in batches, one store call per batch (and per further row of a subject within it). With a
 * {@link ImportCheckpoint}, a re-run also skips the rows of batches finished before.
 *
 * <p>While a batch is written (on a writer thread of the run, one batch at a time, in order), the next batch's
 * rows are read and parsed on the calling thread; {@link #run} returns or throws only once no write is in flight.
 */
public final class Importer {
    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

    /** The columns a row must have. */
    static final Set<String> REQUIRED =
            Set.of(ImportSource.USER_ID, ImportSource.PURPOSE, ImportSource.GRANTED, ImportSource.COLLECTED_AT);

    private final ImportWrites writes;
    private final ImportMapping mapping;
    private final int batchSize;
    private final long progressEvery;
    private final Consumer<ImportProgress> progress;
    private final ImportCheckpoint checkpoint;
    private final ZoneId zone;

    private Importer(Builder b) {
        this.writes = ImportWrites.of(b.system.ledger());
        this.mapping = Objects.requireNonNull(b.mapping, "mapping");
        this.batchSize = b.batchSize;
        this.progressEvery = b.progressEvery;
        this.progress = b.progress;
        this.checkpoint = b.checkpoint;
        this.zone = b.zone;
    }

    /** Starts an importer writing to {@code system}'s ledger. */
    public static Builder builder(ConsentSystem system) {
        return new Builder(Objects.requireNonNull(system, "system"));
    }

    /**
     * Reads every row of {@code source} and writes those not written yet.
     *
     * @return what the run did
     * @throws InvalidInputException if the source cannot be read as rows (see {@link ImportSource#open()})
     * @throws dev.consent.StoreUnavailableException if the store failed; batches finished before stay written
     * @throws RuntimeException what the source throws; batches finished before stay written
     */
    public ImportReport run(ImportSource source) {
        Objects.requireNonNull(source, "source");
        Run run = new Run(source.name(), new RowParser(source.name(), mapping, zone));
        long done = checkpoint.rowsDone(source.name());
        try (run;
                ImportSource.Rows rows = source.open()) {
            SourceRow row;
            while ((row = rows.next()) != null) {
                run.read++;
                if (row.number() <= done) {
                    run.skipped++;
                } else {
                    run.add(row);
                    if (run.pending.size() >= batchSize) {
                        run.flush();
                    }
                }
                if (run.read % progressEvery == 0) {
                    run.report();
                }
            }
            run.flush();
            run.finish();
        }
        run.report();
        run.rejected.sort(java.util.Comparator.comparingLong(RejectedRow::row));
        ImportReport report = new ImportReport(
                source.name(),
                run.read,
                run.skipped,
                run.written,
                run.present,
                run.rejected.size(),
                run.subjects.size(),
                run.perPurpose(),
                run.rejected);
        LOG.info(
                "Imported {}: {} rows read, {} skipped, {} records written, {} already present, {} rejected",
                source.name(),
                report.rowsRead(),
                report.rowsSkipped(),
                report.recordsWritten(),
                report.alreadyPresent(),
                report.rowsRejected());
        return report;
    }

    /**
     * The state of one run. Reading and parsing rows happens on the importing thread while the batch before is
     * written on the run's writer thread, so the source's parsing and the ledger's writes overlap; batches are
     * written one at a time and in order, and each batch's outcomes are counted on the importing thread once it
     * is written, before the next batch starts writing.
     */
    private final class Run implements AutoCloseable {
        final String source;
        final RowParser parser;
        List<Interaction> pending = new ArrayList<>();
        List<SourceRow> pendingRows = new ArrayList<>();
        final List<RejectedRow> rejected = new ArrayList<>();
        final Set<String> subjects = new HashSet<>();
        final Map<String, long[]> counts = new HashMap<>();
        long read;
        long skipped;
        long written;
        long present;
        long lastRow;
        /** The batch being written, or null. */
        @Nullable
        Batch inFlight;
        /** The writer thread, started with the first batch. */
        @Nullable
        ExecutorService writer;

        Run(String source, RowParser parser) {
            this.source = source;
            this.parser = parser;
        }

        void add(SourceRow row) {
            RowParser.Parsed p = parser.parse(row);
            count(row, 0);
            lastRow = row.number();
            if (p.rejected() != null) {
                reject(row, p.rejected());
            } else {
                pending.add(Objects.requireNonNull(p.interaction()));
                pendingRows.add(row);
            }
        }

        /** Waits for the batch in flight, counts it, and starts writing the pending rows. */
        void flush() {
            finish();
            if (pending.isEmpty()) {
                if (lastRow > 0) {
                    checkpoint.save(source, lastRow);
                }
                return;
            }
            List<Interaction> interactions = pending;
            Batch batch = new Batch(interactions, pendingRows, lastRow);
            pending = new ArrayList<>();
            pendingRows = new ArrayList<>();
            ExecutorService w = writer;
            if (w == null) {
                w = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "consent-import-writer");
                    t.setDaemon(true);
                    return t;
                });
                writer = w;
            }
            batch.outcomes = w.submit(() -> writes.write(interactions));
            inFlight = batch;
        }

        /** Waits for the batch in flight, if any, and counts its outcomes; rethrows what its write threw. */
        void finish() {
            Batch batch = inFlight;
            if (batch == null) {
                return;
            }
            inFlight = null;
            List<ImportWrites.Outcome> outcomes = batch.await();
            for (int i = 0; i < outcomes.size(); i++) {
                ImportWrites.Outcome o = outcomes.get(i);
                SourceRow row = batch.rows.get(i);
                switch (o.kind()) {
                    case WRITTEN -> {
                        written += o.records().size();
                        subjects.add(batch.interactions.get(i).subject());
                        count(row, 1);
                    }
                    case PRESENT -> {
                        present++;
                        subjects.add(batch.interactions.get(i).subject());
                        count(row, 2);
                    }
                    case REJECTED -> reject(row, rejection(row, Objects.requireNonNull(o.rejection())));
                }
            }
            checkpoint.save(source, batch.lastRow);
        }

        /**
         * Ends the run: a batch still in flight (the source or the importing thread failed meanwhile) is waited
         * for and, if it was written, counted and saved to the checkpoint, so no write goes on after
         * {@link #run} returns and a re-run skips what was done; then the writer thread stops. The batch's own
         * failure is added to the run's as a suppressed exception.
         */
        @Override
        public void close() {
            try {
                finish();
            } finally {
                ExecutorService w = writer;
                if (w != null) {
                    w.shutdown();
                }
            }
        }

        void reject(SourceRow row, RejectedRow r) {
            rejected.add(r);
            count(row, 3);
        }

        void count(SourceRow row, int slot) {
            String name = row.value(ImportSource.PURPOSE);
            counts.computeIfAbsent(name == null ? "" : name, k -> new long[4])[slot]++;
        }

        Map<String, ImportReport.PurposeCounts> perPurpose() {
            Map<String, ImportReport.PurposeCounts> out = new HashMap<>();
            counts.forEach((name, c) -> out.put(name, new ImportReport.PurposeCounts(c[0], c[1], c[2], c[3])));
            return out;
        }

        void report() {
            try {
                progress.accept(new ImportProgress(read, written, present, rejected.size()));
            } catch (RuntimeException e) {
                LOG.warn("The import's progress callback failed; the import goes on", e);
            }
        }
    }

    /** A batch of parsed rows handed to the writer thread. */
    private static final class Batch {
        final List<Interaction> interactions;
        final List<SourceRow> rows;
        final long lastRow;

        @Nullable
        Future<List<ImportWrites.Outcome>> outcomes;

        Batch(List<Interaction> interactions, List<SourceRow> rows, long lastRow) {
            this.interactions = interactions;
            this.rows = rows;
            this.lastRow = lastRow;
        }

        /** The outcomes, once written; rethrows the write's failure as it was thrown. */
        List<ImportWrites.Outcome> await() {
            Future<List<ImportWrites.Outcome>> f = Objects.requireNonNull(outcomes);
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return f.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // the batch is written or failed soon: its outcome is waited for
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException r) {
                            throw r;
                        }
                        if (cause instanceof Error err) {
                            throw err;
                        }
                        throw new IllegalStateException("the import's write failed", cause);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The ledger's rejection of a row, naming the column it comes from. */
    private static RejectedRow rejection(SourceRow row, InvalidInputException e) {
        String field = e.field();
        String column;
        if (field.equals("occurredAt")) {
            column = ImportSource.COLLECTED_AT;
        } else if (field.equals("subject")) {
            column = ImportSource.USER_ID;
        } else if (field.endsWith(".action")) {
            column = ImportSource.GRANTED;
        } else {
            column = ImportSource.PURPOSE;
        }
        return new RejectedRow(row.number(), column, row.value(column), e.getMessage());
    }

    /** Builds an {@link Importer}. Not thread-safe. */
    public static final class Builder {
        private final ConsentSystem system;
        private ImportMapping mapping;
        private int batchSize = 500;
        private long progressEvery = 10_000;
        private Consumer<ImportProgress> progress = p -> {};
        private ImportCheckpoint checkpoint = ImportCheckpoint.none();
        private ZoneId zone = ZoneOffset.UTC;

        private Builder(ConsentSystem system) {
            this.system = system;
        }

        /** Which purpose each purpose name of the source stands for; required. */
        public Builder mapping(ImportMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * Rows per batch, 1 to {@value #MAX_BATCH}; 500 by default. A batch's rows of distinct subjects are
         * written in one store call.
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH) {
                throw new InvalidInputException("batchSize", batchSize, "must be 1 to " + MAX_BATCH);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Largest batch. */
        public static final int MAX_BATCH = 10_000;

        /**
         * Calls {@code callback} every {@code everyRows} rows read and once at the end, on the importing thread;
         * a callback that throws is logged and the import goes on.
         */
        public Builder progress(long everyRows, Consumer<ImportProgress> callback) {
            if (everyRows < 1) {
                throw new InvalidInputException("everyRows", everyRows, "must be 1 or more");
            }
            this.progressEvery = everyRows;
            this.progress = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /** Where the import keeps the last row done per source; none by default. */
        public Builder checkpoint(ImportCheckpoint checkpoint) {
            this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
            return this;
        }

        /** The zone of times without an offset in the source; UTC by default. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** @throws InvalidInputException if no mapping was given */
        public Importer build() {
            if (mapping == null) {
                throw new InvalidInputException("mapping", null, "must be set");
            }
            return new Importer(this);
        }
    }
}
