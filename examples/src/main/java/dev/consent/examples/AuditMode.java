package dev.consent.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.Tombstone;
import dev.consent.TransparencyReport;
import dev.consent.VerificationReport;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.requests.DataSubjectRequests;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The questions a data-protection officer asks of a ledger, from a terminal: the state of a subject at an
 * instant with its proof, the transparency report of a period, the verification of every chain, the
 * erased subjects, a subject's access export and the receipt of an interaction. Reads an H2 file written by the example's {@code --h2 FILE} run; writes nothing. Every
 * command prints a table a person reads, or with {@code --json} the same answer as JSON.
 *
 * <pre>
 *   --h2 FILE audit state SUBJECT INSTANT     e.g. state alice 2026-03-10T12:00:00Z
 *   --h2 FILE audit report FROM TO            e.g. report 2026-03-01 2026-04-01 (dates are UTC midnights)
 *   --h2 FILE audit verify
 *   --h2 FILE audit tombstones
 *   --h2 FILE audit export SUBJECT            e.g. export alice
 *   --h2 FILE audit receipt SUBJECT INTERACTION   e.g. receipt alice signup-1001
 *   --h2 FILE audit requests due [DAYS]       open data-subject requests due within DAYS days (7)
 *   --h2 FILE audit requests overdue
 *   --h2 FILE audit requests report FROM TO   e.g. requests report 2026-04-01 2026-05-01
 *   --h2 FILE audit request show ID           e.g. request show dsr-2026-0002
 * </pre>
 *
 * <p>This class reads the command line and answers the questions about the whole ledger; the questions about
 * one subject are answered by {@link SubjectAudit}, whose receipts name the controller configured in
 * {@link SubjectAudit#RECEIPTS}: in an application, its own details.
 */
final class AuditMode {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One audit command: its arguments after the name, and whether JSON was asked for. */
    private interface Command {
        void run(List<String> args, boolean json);
    }

    private record Entry(String arguments, String what, Command command) {}

    private final ConsentSystem consent;
    private final PrintStream out;
    private final Map<String, Entry> commands = new LinkedHashMap<>();

    private AuditMode(ConsentSystem consent, DataSubjectRequests desk, PrintStream out) {
        this.consent = consent;
        this.out = out;
        SubjectAudit subject = new SubjectAudit(consent, out);
        RequestAudit requests = new RequestAudit(desk, out);
        command(
                "state",
                "SUBJECT INSTANT",
                "the subject's state at INSTANT, with the records that prove it",
                subject::state);
        command("report", "FROM TO", "the transparency report of the period [FROM, TO)", this::report);
        command("verify", "", "verify every hash chain of the ledger", this::verify);
        command("tombstones", "", "every erased subject, with the time and position of its erasure", this::tombstones);
        command(
                "export",
                "SUBJECT",
                "everything the ledger holds on the subject (GDPR Art. 15 access)",
                subject::export);
        command(
                "receipt",
                "SUBJECT INTERACTION",
                "the consent receipt (Kantara v1.1) of one interaction",
                subject::receipt);
        command(
                "requests",
                "due [DAYS] | overdue | report FROM TO",
                "data-subject requests due within DAYS (7), overdue, or the figures of a period",
                requests::requests);
        command("request", "show ID", "one data-subject request with every event", requests::request);
    }

    private void command(String name, String arguments, String what, Command command) {
        commands.put(name, new Entry(arguments, what, command));
    }

    /**
     * Runs one audit command over the H2 database in {@code file}.
     *
     * @throws IllegalArgumentException with the usage, for an unknown command or bad arguments
     */
    static void run(Path file, List<String> args, PrintStream out) {
        List<String> rest = new ArrayList<>(args);
        boolean json = rest.remove("--json");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";IFEXISTS=TRUE", "sa", "");
        try (JdbcConsentStore store = JdbcConsentStore.create(pool);
                ConsentSystem consent = ConsentSystem.builder()
                        .store(store)
                        .feedPollInterval(Duration.ZERO)
                        .build();
                DataSubjectRequests desk = DataSubjectRequests.builder()
                        .store(store.requestStore())
                        .consent(consent)
                        .build()) {
            AuditMode audit = new AuditMode(consent, desk, out);
            if (rest.isEmpty() || !audit.commands.containsKey(rest.get(0))) {
                throw new IllegalArgumentException(audit.usage(
                        rest.isEmpty() ? "no audit command given" : "unknown audit command " + rest.get(0)));
            }
            if (consent.ledger().headPosition() == 0) {
                out.println("The ledger in " + file + " is empty: run the example with --h2 " + file + " first.");
                return;
            }
            Entry entry = audit.commands.get(rest.get(0));
            try {
                entry.command().run(rest.subList(1, rest.size()), json);
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException(audit.usage(e.getMessage()), e);
            }
        } catch (StoreUnavailableException e) {
            throw new IllegalArgumentException(
                    "cannot open the ledger in " + file + ".mv.db (run the example with" + " --h2 " + file + " first): "
                            + e.getMessage(),
                    e);
        } finally {
            pool.dispose();
        }
    }

    private String usage(String problem) {
        StringBuilder s = new StringBuilder(problem).append("\nusage: --h2 FILE audit COMMAND [ARGUMENTS] [--json]\n");
        commands.forEach((name, e) ->
                s.append(String.format("  %-30s %s%n", (name + " " + e.arguments()).strip(), e.what())));
        s.append("  INSTANT, FROM and TO: an ISO-8601 instant such as 2026-03-10T12:00:00Z, or a date (UTC midnight)");
        return s.toString();
    }

    /** Rejects arguments that are not {@code count} in number, naming the expected ones. */
    static void arguments(List<String> args, int count, String names) {
        if (args.size() != count) {
            throw new InvalidInputException("arguments", String.join(" ", args), "must be " + names);
        }
    }

    /** An ISO-8601 instant, or a date read as its UTC midnight. */
    static Instant instant(String field, String text) {
        try {
            return text.contains("T")
                    ? Instant.parse(text)
                    : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    field, text, "is not an instant (2026-03-10T12:00:00Z) or a date (2026-03-10)");
        }
    }

    // ---------------------------------------------------------------- report

    private void report(List<String> args, boolean json) {
        arguments(args, 2, "FROM TO");
        TransparencyReport report =
                consent.reports().transparency(instant("FROM", args.get(0)), instant("TO", args.get(1)));
        if (json) {
            print(report.toJson());
        } else {
            out.print(report.toTable());
        }
    }

    // ---------------------------------------------------------------- verify

    private void verify(List<String> args, boolean json) {
        arguments(args, 0, "nothing");
        VerificationReport report = consent.ledger().verify();
        if (json) {
            ObjectNode root = JSON.createObjectNode();
            root.put("ok", report.ok());
            root.put("subjects", report.subjects());
            root.put("records", report.records());
            ArrayNode problems = root.putArray("problems");
            for (VerificationReport.Problem p : report.problems()) {
                ObjectNode n = problems.addObject();
                n.put("kind", p.kind().name());
                n.put("subject", p.subject());
                n.put("recordId", p.recordId() == null ? null : p.recordId().toString());
                n.put("position", p.position());
                n.put("subjectSequence", p.subjectSequence());
                n.put("detail", p.detail());
            }
            print(root);
            return;
        }
        out.println("Verification of every hash chain, up to ledger position "
                + consent.ledger().headPosition());
        Table table = new Table("subjects checked", "records checked", "problems");
        table.row(report.subjects(), report.records(), report.problems().size());
        table.print(out);
        if (!report.problems().isEmpty()) {
            out.println();
            Table problems = new Table("kind", "subject", "record", "position", "detail");
            for (VerificationReport.Problem p : report.problems()) {
                problems.row(p.kind(), p.subject(), p.recordId(), p.position(), p.detail());
            }
            problems.print(out);
        }
        out.println();
        out.println(report.ok() ? "Result: OK, the ledger is intact." : "Result: DAMAGED");
    }

    // ---------------------------------------------------------------- tombstones

    private void tombstones(List<String> args, boolean json) {
        arguments(args, 0, "nothing");
        List<Tombstone> all = consent.ledger().tombstones();
        if (json) {
            print(Tombstone.toJson(all));
            return;
        }
        out.println(all.size() + (all.size() == 1 ? " erased subject" : " erased subjects")
                + " (export them with --json beside each backup; after a restore, ledger().reapplyErasures)");
        if (!all.isEmpty()) {
            Table table = new Table("subject", "erased at", "ledger position");
            for (Tombstone t : all) {
                table.row(t.subject(), t.erasedAt(), t.position());
            }
            table.print(out);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void print(String json) {
        printJson(out, json);
    }

    private void print(JsonNode json) {
        printJson(out, json);
    }

    /** Prints JSON the library wrote, indented. */
    static void printJson(PrintStream out, String json) {
        try {
            printJson(out, JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the library wrote JSON it cannot read back", e);
        }
    }

    /** Prints a JSON tree, indented. */
    static void printJson(PrintStream out, JsonNode json) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
