package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.audit.DriftAudit;
import dev.consent.audit.DriftReport;
import dev.consent.audit.DriftTotals;
import dev.consent.audit.DriftViolation;
import dev.consent.audit.EventLogException;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * {@code drift EVENTS.csv} or {@code drift --query SQL}: checks a processing log (who processed whose data, for
 * which purpose, when) against the ledger with {@link DriftAudit}, and lists every event that had no valid basis
 * at its instant with the reason and the record that decided it, then the totals per purpose and per system.
 * Exit {@link Exit#FINDING} when there is such an event. A bar on standard error follows a file's bytes; a
 * query's events are counted under a spinner. The violations are kept until the end to print them as one table
 * or document, so memory grows with their number (never with the log's).
 */
final class DriftCommand implements Command {
    @Override
    public String name() {
        return "drift";
    }

    @Override
    public String synopsis() {
        return "(EVENTS.csv | --query SQL)";
    }

    @Override
    public String summary() {
        return "events (subject,purpose,at,system) without a valid basis at their instant; exit 1 if any";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        SourceQuery.describe(options, "the events (columns subject, purpose, at, system)");
        return options;
    }

    @Override
    public int run(Invocation call) {
        SourceQuery query = SourceQuery.of(call);
        List<DriftViolation> found = new ArrayList<>();
        DriftAudit audit = DriftAudit.of(call.consent());
        String source;
        DriftReport report;
        if (query == null) {
            Path file = file(call.expect(1, "EVENTS.csv (or --query SQL)").get(0));
            source = String.valueOf(file.getFileName());
            report = csv(call, audit, file, found);
        } else {
            call.expect(0, "");
            source = "the query";
            report = query(call, audit, query, found);
        }
        if (call.json()) {
            call.out().json(json(source, report, found));
        } else {
            table(call.out(), source, report, found);
        }
        return report.clean() ? Exit.OK : Exit.FINDING;
    }

    private static DriftReport csv(Invocation call, DriftAudit audit, Path file, List<DriftViolation> found) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UsageException("EVENTS " + file + " cannot be read: " + e.getMessage());
        }
        Progress.Meter meter = call.progress().meter("auditing " + file.getFileName(), size, DriftCommand::bytes);
        try (Reader in = new BufferedReader(new InputStreamReader(
                new Counting(Files.newInputStream(file), n -> meter.update(n, "read, " + violations(found))),
                StandardCharsets.UTF_8))) {
            DriftReport report = audit.runCsv(in, found::add);
            meter.done(size, "read, " + count(report.eventsRead(), "event") + ", " + violations(found));
            return report;
        } catch (IOException e) {
            throw new UsageException("EVENTS " + file + " cannot be read: " + e.getMessage());
        } finally {
            meter.end();
        }
    }

    private static DriftReport query(Invocation call, DriftAudit audit, SourceQuery query, List<DriftViolation> found) {
        Progress.Meter meter = call.progress().meter("auditing the query", -1, n -> count(n, "event"));
        long[] rows = {0};
        try (Connection c = query.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            boolean readOnly = c.isReadOnly();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement s =
                            c.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                    ResultSet result = execute(s)) {
                DriftReport report = audit.run(
                        counting(result, () -> meter.update(++rows[0], "read, " + violations(found))), found::add);
                meter.done(rows[0], "read, " + violations(found));
                return report;
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
                c.setReadOnly(readOnly);
            }
        } catch (SQLException e) {
            throw query.failure(e);
        } catch (EventLogException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw query.failure(sql);
            }
            throw e;
        } finally {
            meter.end();
        }
    }

    private static ResultSet execute(PreparedStatement s) throws SQLException {
        s.setFetchSize(1_000);
        return s.executeQuery();
    }

    /** The result set, calling {@code onRow} at each row it moves to. */
    private static ResultSet counting(ResultSet rows, Runnable onRow) {
        return (ResultSet) Proxy.newProxyInstance(
                DriftCommand.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(rows, args);
                        if (method.getName().equals("next") && Boolean.TRUE.equals(result)) {
                            onRow.run();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String violations(List<DriftViolation> found) {
        return count(found.size(), "violation");
    }

    /** {@code n} and the noun, plural unless {@code n} is 1. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static ObjectNode json(String source, DriftReport report, List<DriftViolation> found) {
        ObjectNode root = Output.object()
                .put("source", source)
                .put("ok", report.clean())
                .put("eventsRead", report.eventsRead())
                .put("violationCount", report.violations())
                .put("subjectRuns", report.subjectRuns())
                .put("historyReads", report.historyReads());
        ArrayNode list = root.putArray("violations");
        for (DriftViolation v : found) {
            list.addObject()
                    .put("event", v.eventNumber())
                    .put("subject", v.event().subject())
                    .put("purpose", v.event().purposeId())
                    .put("at", v.event().at().toString())
                    .put("system", v.event().system())
                    .put("reason", v.reason().name())
                    .put("recordId", v.recordId() == null ? null : v.recordId().toString());
        }
        totals(root.putObject("byPurpose"), report.byPurpose());
        totals(root.putObject("bySystem"), report.bySystem());
        return root;
    }

    private static void totals(ObjectNode node, Map<String, DriftTotals> totals) {
        totals.forEach(
                (name, t) -> node.putObject(name).put("events", t.events()).put("violations", t.violations()));
    }

    private static void table(Output out, String source, DriftReport report, List<DriftViolation> found) {
        out.line("Drift audit of " + source + ": " + count(report.eventsRead(), "event") + ", " + report.violations()
                + " without a valid basis at their instant (" + report.historyReads() + " subject histories read).");
        if (!found.isEmpty()) {
            out.line("");
            Output.Columns table =
                    out.columns("event", "subject", "purpose", "at", "system", "reason", "deciding record");
            found.forEach(v -> table.add(
                    v.eventNumber(),
                    v.event().subject(),
                    v.event().purposeId(),
                    v.event().at(),
                    v.event().system(),
                    v.reason(),
                    v.recordId()));
            table.print();
        }
        totals(out, "purpose", report.byPurpose());
        totals(out, "system", report.bySystem());
        out.line("");
        out.line(
                report.clean()
                        ? "OK: every event had a valid basis at its instant."
                        : "VIOLATIONS: " + count(report.violations(), "event") + " without a valid basis.");
    }

    private static void totals(Output out, String by, Map<String, DriftTotals> totals) {
        out.line("");
        Output.Columns table = out.columns(by, "events", "violations");
        totals.forEach((name, t) -> table.add(name, t.events(), t.violations()));
        table.print();
    }

    private static Path file(String name) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException("EVENTS " + name + " is not a readable file");
        }
        return file;
    }

    /** A byte count as people read it. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        return n < 1024 * 1024
                ? String.format(Locale.ROOT, "%.1f KB", n / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }

    /** A stream that reports how many bytes were read through it after each read. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer read;
        private long count;

        Counting(InputStream in, LongConsumer read) {
            super(in);
            this.read = read;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                read.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                read.accept(count);
            }
            return n;
        }
    }
}
