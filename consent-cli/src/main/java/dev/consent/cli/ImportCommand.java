package dev.consent.cli;

import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.imports.CsvSource;
import dev.consent.imports.ImportMapping;
import dev.consent.imports.ImportProgress;
import dev.consent.imports.ImportReport;
import dev.consent.imports.ImportSource;
import dev.consent.imports.ImportSourceException;
import dev.consent.imports.Importer;
import dev.consent.imports.QuerySource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code import FILE.csv} or {@code import --query SQL}: legacy consent decisions into the ledger, each row one
 * record of channel IMPORT at its own time, idempotently ({@link Importer}). A bar on standard error counts the
 * rows (a CSV file's are counted first; a query's total is not known, so a spinner counts them); the
 * reconciliation report follows on standard output. Exit {@link Exit#FINDING} when rows were rejected (they are
 * listed by row, column and reason), {@link Exit#USAGE} when the source cannot be read as rows or a
 * {@code --map} names no defined purpose, before anything is written.
 */
final class ImportCommand implements Command {
    private static final Set<String> REPEATABLE = Set.of("--map", "--column");

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String synopsis() {
        return "(FILE.csv | --query SQL) --map NAME=PURPOSE:VERSION ... [--batch N] [--checkpoint FILE]";
    }

    @Override
    public String summary() {
        return "legacy decisions into the ledger, each row once; exit 1 if rows were rejected";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "--map",
                "NAME=PURPOSE:VERSION  the purpose (and version seen) a purpose name of the rows"
                        + " stands for; once per name");
        options.put(
                "--column",
                "COLUMN=NAME  read COLUMN (" + String.join(",", ImportSource.COLUMNS)
                        + ") from the header or query column NAME");
        SourceQuery.describe(options, "the rows");
        options.put(
                "--name",
                "NAME   the source's name in the records' interaction ids and collection point (import:NAME):"
                        + " keep it across runs; default the file's name, or query");
        options.put("--batch", "N  rows per batch, 1 to " + Importer.Builder.MAX_BATCH + " (500)");
        options.put(
                "--checkpoint",
                "FILE  resume from the last batch a crashed run finished (per source name);"
                        + " delete it to read every row again");
        options.put("--zone", "ZONE  the zone of times without an offset (UTC), such as Europe/Paris");
        return options;
    }

    @Override
    public boolean repeatable(String option) {
        return REPEATABLE.contains(option);
    }

    @Override
    public int run(Invocation call) {
        ImportMapping mapping = mapping(call);
        Map<String, String> columns = columns(call);
        Importer.Builder importer = Importer.builder(call.consent()).mapping(mapping);
        String batch = call.option("--batch");
        if (batch != null) {
            importer.batchSize(number("--batch", batch, 1, Importer.Builder.MAX_BATCH));
        }
        String zone = call.option("--zone");
        importer.zone(zone == null ? ZoneOffset.UTC : zone(zone));
        String checkpoint = call.option("--checkpoint");
        if (checkpoint != null) {
            importer.checkpoint(CheckpointFile.of(checkpoint));
        }
        SourceQuery query = SourceQuery.of(call);
        ImportSource source;
        long total;
        if (query != null) {
            call.expect(0, "");
            QuerySource q = QuerySource.of(nameOr(call, "query"), query.dataSource(), query.sql());
            for (Map.Entry<String, String> c : columns.entrySet()) {
                q = q.withColumn(c.getKey(), c.getValue());
            }
            source = q;
            total = -1;
        } else {
            Path file = file(call.expect(1, "FILE.csv (or --query SQL)").get(0));
            CsvSource csv = CsvSource.of(nameOr(call, String.valueOf(file.getFileName())), () -> reader(file));
            for (Map.Entry<String, String> c : columns.entrySet()) {
                csv = csv.withHeader(c.getKey(), c.getValue());
            }
            CsvSource counted = csv;
            source = counted;
            total = call.progress()
                    .spin("counting the rows of " + file.getFileName(), () -> rows(counted), n -> n + " rows");
        }
        Progress.Meter meter = call.progress().meter("importing " + source.name(), total, Long::toString);
        long every = total < 0 ? 1_000 : Math.max(1, Math.min(1_000, total / 100));
        importer.progress(every, p -> meter.update(p.rowsRead(), detail(p)));
        ImportReport report;
        try {
            report = importer.build().run(source);
            meter.done(report.rowsRead(), detail(report));
        } catch (ImportSourceException e) {
            if (query != null && e.getCause() instanceof SQLException sql) {
                throw query.failure(sql);
            }
            throw e;
        } finally {
            meter.end();
        }
        if (call.json()) {
            call.out().json(report.toJson());
        } else {
            call.out().text(report.toTable());
        }
        return report.rowsRejected() == 0 ? Exit.OK : Exit.FINDING;
    }

    private static String detail(ImportProgress p) {
        return "rows; " + p.recordsWritten() + " written, " + p.alreadyPresent() + " present, " + p.rowsRejected()
                + " rejected";
    }

    private static String detail(ImportReport r) {
        return detail(new ImportProgress(r.rowsRead(), r.recordsWritten(), r.alreadyPresent(), r.rowsRejected()))
                + (r.rowsSkipped() == 0 ? "" : ", " + r.rowsSkipped() + " skipped (checkpoint)");
    }

    /** The {@code --map} options, each naming a purpose version the registry holds. */
    private static ImportMapping mapping(Invocation call) {
        List<String> maps = call.values("--map");
        if (maps.isEmpty()) {
            throw new UsageException("--map NAME=PURPOSE:VERSION is required, once per purpose name of the rows");
        }
        ImportMapping.Builder mapping = ImportMapping.builder();
        for (String map : maps) {
            int eq = map.lastIndexOf('=');
            int colon = map.lastIndexOf(':');
            if (eq < 1 || colon < eq + 2 || colon == map.length() - 1) {
                throw new UsageException(
                        "--map " + map + " must be NAME=PURPOSE:VERSION, such as" + " newsletter=marketing.email:1");
            }
            String name = map.substring(0, eq);
            String purpose = map.substring(eq + 1, colon);
            int version = number("--map " + map + ": VERSION", map.substring(colon + 1), 1, Integer.MAX_VALUE);
            List<Purpose> versions = call.consent().purposes().versions(purpose);
            if (versions.isEmpty()) {
                throw new UsageException("--map " + map + ": no purpose " + purpose + " is defined; the purposes are "
                        + call.consent().purposes().current().stream()
                                .map(Purpose::id)
                                .sorted()
                                .collect(Collectors.joining(", ")));
            }
            if (call.consent().purposes().find(purpose, version).isEmpty()) {
                throw new UsageException("--map " + map + ": " + purpose + " has no version " + version
                        + "; its versions are 1 to " + versions.size());
            }
            try {
                mapping.map(name, purpose, version);
            } catch (InvalidInputException e) {
                throw new UsageException("--map " + map + ": " + e.getMessage());
            }
        }
        return mapping.build();
    }

    /** The {@code --column COLUMN=NAME} options, by column. */
    private static Map<String, String> columns(Invocation call) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String c : call.values("--column")) {
            int eq = c.indexOf('=');
            String column = eq < 0 ? c : c.substring(0, eq);
            if (eq < 0 || eq == c.length() - 1 || !ImportSource.COLUMNS.contains(column)) {
                throw new UsageException("--column " + c + " must be COLUMN=NAME, COLUMN one of "
                        + String.join(", ", ImportSource.COLUMNS));
            }
            if (columns.put(column, c.substring(eq + 1)) != null) {
                throw new UsageException("--column " + column + " given twice");
            }
        }
        return columns;
    }

    private static String nameOr(Invocation call, String otherwise) {
        String name = call.option("--name");
        if (name != null && name.isBlank()) {
            throw new UsageException("--name must not be blank");
        }
        return name == null ? otherwise : name;
    }

    private static Path file(String name) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException("FILE " + name + " is not a readable file");
        }
        return file;
    }

    /** The file as UTF-8 text, without the byte-order mark some spreadsheet programs write. */
    private static Reader reader(Path file) {
        try {
            BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a CSV source, read once through; checks its header first. */
    private static long rows(CsvSource csv) {
        long n = 0;
        try (ImportSource.Rows rows = csv.open()) {
            while (rows.next() != null) {
                n++;
            }
        }
        return n;
    }

    private static int number(String option, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + " must be a number from " + min + " to " + max + ", not " + text);
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new UsageException("--zone " + text + " is not a time zone, such as UTC or Europe/Paris");
        }
    }
}
