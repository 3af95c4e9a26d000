package dev.consent.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.AccessExport;
import dev.consent.ConsentReceipt;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Controller;
import dev.consent.InvalidInputException;
import dev.consent.PurposeState;
import dev.consent.ReceiptSettings;
import dev.consent.Receipts;
import dev.consent.SubjectState;
import dev.consent.Tombstone;
import dev.consent.TransparencyReport;
import dev.consent.VerificationReport;
import dev.consent.jdbc.JdbcConsentStore;
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
 * </pre>
 *
 * <p>Receipts name the controller configured in {@link #RECEIPTS}: in an application, its own details.
 */
final class AuditMode {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The controller the example's receipts name: configuration, in an application. */
    static final ReceiptSettings RECEIPTS = ReceiptSettings.builder()
            .controller(Controller.builder("Example Newsletter Ltd").contact("Data Protection Officer")
                    .address("1 Example Street, Dublin", "IE").email("privacy@newsletter.example")
                    .phone("+353 1 555 0100").url("https://newsletter.example").build())
            .policyUrl("https://newsletter.example/privacy").service("Example Newsletter").jurisdiction("EU")
            .build();

    /** One audit command: its arguments after the name, and whether JSON was asked for. */
    private interface Command {
        void run(List<String> args, boolean json);
    }

    private record Entry(String arguments, String what, Command command) {
    }

    private final ConsentSystem consent;
    private final PrintStream out;
    private final Map<String, Entry> commands = new LinkedHashMap<>();

    private AuditMode(ConsentSystem consent, PrintStream out) {
        this.consent = consent;
        this.out = out;
        command("state", "SUBJECT INSTANT", "the subject's state at INSTANT, with the records that prove it",
                this::state);
        command("report", "FROM TO", "the transparency report of the period [FROM, TO)", this::report);
        command("verify", "", "verify every hash chain of the ledger", this::verify);
        command("tombstones", "", "every erased subject, with the time and position of its erasure",
                this::tombstones);
        command("export", "SUBJECT", "everything the ledger holds on the subject (GDPR Art. 15 access)",
                this::export);
        command("receipt", "SUBJECT INTERACTION", "the consent receipt (Kantara v1.1) of one interaction",
                this::receipt);
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
        try (ConsentSystem consent = ConsentSystem.builder().store(JdbcConsentStore.create(pool))
                .feedPollInterval(Duration.ZERO).build()) {
            AuditMode audit = new AuditMode(consent, out);
            if (rest.isEmpty() || !audit.commands.containsKey(rest.get(0))) {
                throw new IllegalArgumentException(audit.usage(rest.isEmpty() ? "no audit command given"
                        : "unknown audit command " + rest.get(0)));
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
        } catch (dev.consent.StoreUnavailableException e) {
            throw new IllegalArgumentException("cannot open the ledger in " + file + ".mv.db (run the example with"
                    + " --h2 " + file + " first): " + e.getMessage(), e);
        } finally {
            pool.dispose();
        }
    }

    private String usage(String problem) {
        StringBuilder s = new StringBuilder(problem).append("\nusage: --h2 FILE audit COMMAND [ARGUMENTS] [--json]\n");
        commands.forEach((name, e) -> s.append(String.format("  %-30s %s%n", (name + " " + e.arguments()).strip(),
                e.what())));
        s.append("  INSTANT, FROM and TO: an ISO-8601 instant such as 2026-03-10T12:00:00Z, or a date (UTC midnight)");
        return s.toString();
    }

    private static void arguments(List<String> args, int count, String names) {
        if (args.size() != count) {
            throw new InvalidInputException("arguments", String.join(" ", args), "must be " + names);
        }
    }

    private static Instant instant(String field, String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, text, "is not an instant (2026-03-10T12:00:00Z) or a date (2026-03-10)");
        }
    }

    // ---------------------------------------------------------------- state

    private void state(List<String> args, boolean json) {
        arguments(args, 2, "SUBJECT INSTANT");
        String subject = args.get(0);
        Instant at = instant("INSTANT", args.get(1));
        SubjectState state = consent.ledger().stateAt(subject, at);
        if (json) {
            print(stateJson(state));
            return;
        }
        out.println("State of " + subject + " at " + at + " (" + Format.time(at) + ")");
        out.println("Lifecycle: " + (state.lifecycle() == null ? "none"
                : state.lifecycle().action() + " at " + state.lifecycle().recordedAt()));
        out.println();
        Table table = new Table("purpose", "version seen", "status", "allowed", "reason", "proving record");
        for (PurposeState p : state.purposes().values()) {
            table.row(p.purpose().id(), "v" + p.purpose().version(), p.status(), p.decision().allowed() ? "yes" : "no",
                    p.decision().reason(), p.findProof().map(r -> r.id().toString()).orElse(null));
        }
        table.print(out);
        for (PurposeState p : state.purposes().values()) {
            ConsentRecord r = p.proof();
            if (r == null) {
                continue;
            }
            out.println();
            out.println("Proof for " + p.purpose().id() + ": \"" + p.purpose().title() + "\", v" + p.purpose().version()
                    + ": " + p.purpose().description());
            Table proof = new Table("field", "value");
            proof.row("record id", r.id());
            proof.row("ledger position", r.position());
            proof.row("subject sequence", r.subjectSequence());
            proof.row("action", r.action());
            proof.row("recorded at", r.recordedAt());
            proof.row("expires at", r.expiresAt());
            proof.row("collection point", r.collectionPoint());
            proof.row("channel", r.channel());
            proof.row("notice version", r.noticeVersion());
            proof.row("jurisdiction", r.jurisdiction());
            proof.row("actor", r.actor().type() + (r.actor().id() == null ? "" : " " + r.actor().id()));
            proof.row("interaction", r.interactionId());
            proof.row("evidence digest", r.evidenceDigest() == null ? null : r.evidenceDigest().toHex());
            proof.row("previous hash", r.previousHash() == null ? null : r.previousHash().toHex());
            proof.row("hash", r.hash().toHex());
            proof.print(out);
        }
        VerificationReport chain = consent.ledger().verify(subject);
        out.println();
        out.println("Chain of " + subject + ": " + chain.records() + " records, "
                + (chain.ok() ? "intact." : chain.problems().size() + " problems (run: audit verify)."));
    }

    private static ObjectNode stateJson(SubjectState state) {
        ObjectNode root = JSON.createObjectNode();
        root.put("subject", state.subject());
        root.put("asOf", state.asOf().toString());
        root.set("lifecycle", state.lifecycle() == null ? null : recordJson(state.lifecycle()));
        ArrayNode purposes = root.putArray("purposes");
        for (PurposeState p : state.purposes().values()) {
            ObjectNode n = purposes.addObject();
            n.put("purpose", p.purpose().id());
            n.put("versionSeen", p.purpose().version());
            n.put("title", p.purpose().title());
            n.put("status", p.status().name());
            n.put("allowed", p.decision().allowed());
            n.put("reason", p.decision().reason().name());
            n.put("legalBasis", p.purpose().legalBasis().name());
            n.set("proof", p.proof() == null ? null : recordJson(p.proof()));
        }
        return root;
    }

    private static ObjectNode recordJson(ConsentRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("recordId", r.id().toString());
        n.put("position", r.position());
        n.put("subjectSequence", r.subjectSequence());
        n.put("purpose", r.purposeId());
        n.put("purposeVersion", r.purposeVersion());
        n.put("action", r.action().name());
        n.put("recordedAt", r.recordedAt().toString());
        n.put("expiresAt", r.expiresAt() == null ? null : r.expiresAt().toString());
        n.put("collectionPoint", r.collectionPoint());
        n.put("channel", r.channel().name());
        n.put("noticeVersion", r.noticeVersion());
        n.put("jurisdiction", r.jurisdiction());
        n.put("actorType", r.actor().type().name());
        n.put("actorId", r.actor().id());
        n.put("interactionId", r.interactionId());
        n.put("evidenceDigest", r.evidenceDigest() == null ? null : r.evidenceDigest().toHex());
        n.put("previousHash", r.previousHash() == null ? null : r.previousHash().toHex());
        n.put("hash", r.hash().toHex());
        return n;
    }

    // ---------------------------------------------------------------- report

    private void report(List<String> args, boolean json) {
        arguments(args, 2, "FROM TO");
        TransparencyReport report = consent.reports().transparency(instant("FROM", args.get(0)),
                instant("TO", args.get(1)));
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
        out.println("Verification of every hash chain, up to ledger position " + consent.ledger().headPosition());
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

    // ---------------------------------------------------------------- export

    private void export(List<String> args, boolean json) {
        arguments(args, 1, "SUBJECT");
        AccessExport export = consent.ledger().export(args.get(0));
        if (json) {
            print(export.toJson());
            return;
        }
        out.println("Access export of " + export.subject() + ", made " + export.generatedAt() + " (format v"
                + export.formatVersion() + ")");
        out.println("Erased: " + (export.erased() ? "yes, the evidence was deleted; the decisions stay as proof" : "no")
                + ". Deceased: " + (export.deceased() ? "yes" : "no") + ".");
        out.println();
        out.println("Now:");
        Table now = new Table("purpose", "version", "legal basis", "status", "allowed", "reason", "expires");
        for (AccessExport.PurposeEntry p : export.purposes()) {
            now.row(p.purposeId(), "v" + p.purposeVersion(), p.legalBasis(), p.status(), p.allowed() ? "yes" : "no",
                    p.reason(), p.expiresAt());
        }
        now.print(out);
        out.println();
        out.println("History (" + export.history().size() + " records):");
        Table history = new Table("seq", "recorded at", "action", "purpose", "collection point", "channel",
                "interaction", "evidence");
        for (AccessExport.RecordEntry r : export.history()) {
            history.row(r.subjectSequence(), r.recordedAt(), r.action(),
                    r.purposeId() == null ? null : r.purposeId() + " v" + r.purposeVersion(), r.collectionPoint(),
                    r.channel(), r.interactionId(), evidence(r, export.erased()));
        }
        history.print(out);
        out.println();
        out.println("Texts shown:");
        for (AccessExport.PurposeText t : export.purposeTexts()) {
            out.println("  " + t.purposeId() + " v" + t.version() + " \"" + t.title() + "\": " + t.description());
        }
        if (!export.links().isEmpty()) {
            out.println();
            out.println("Linked identifiers:");
            Table links = new Table("anonymous id", "account id", "linked at", "this subject is");
            for (AccessExport.LinkEntry l : export.links()) {
                links.row(l.anonymousId(), l.accountId(), l.linkedAt(), l.role());
            }
            links.print(out);
        }
    }

    private static String evidence(AccessExport.RecordEntry r, boolean erased) {
        if (r.evidence() == null) {
            return erased && r.evidenceDigest() != null ? "erased" : "none";
        }
        List<String> parts = new ArrayList<>();
        if (r.evidence().ipAddress() != null) {
            parts.add("IP " + r.evidence().ipAddress());
        }
        if (r.evidence().userAgent() != null) {
            parts.add("UA " + r.evidence().userAgent());
        }
        r.evidence().attributes().forEach((k, v) -> parts.add(k + "=" + v));
        return String.join("; ", parts);
    }

    // ---------------------------------------------------------------- receipt

    private void receipt(List<String> args, boolean json) {
        arguments(args, 2, "SUBJECT INTERACTION");
        ConsentReceipt receipt = Receipts.of(consent, RECEIPTS).getReceipt(args.get(0), args.get(1));
        if (json) {
            print(receipt.json());
            return;
        }
        JsonNode r;
        try {
            r = JSON.readTree(receipt.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the library wrote a receipt it cannot read back", e);
        }
        out.println("Consent receipt " + receipt.receiptId() + " (" + r.path("version").asText() + ")");
        Table head = new Table("field", "value");
        head.row("subject (piiPrincipalId)", r.path("piiPrincipalId").asText());
        head.row("interaction", receipt.interactionId());
        head.row("consent timestamp", Instant.ofEpochSecond(r.path("consentTimestamp").asLong()));
        head.row("collection method", r.path("collectionMethod").asText());
        head.row("jurisdiction", r.path("jurisdiction").asText());
        head.row("language", r.path("language").asText());
        head.row("controller", r.path("piiControllers").path(0).path("piiController").asText());
        head.row("policy", r.path("policyUrl").asText());
        head.row("service", r.path("services").path(0).path("service").asText());
        head.row("sensitive data", r.path("sensitive").asBoolean() ? "yes" : "no");
        head.print(out);
        out.println();
        Table purposes = new Table("purpose", "decision", "consent type", "third parties", "termination");
        for (JsonNode p : r.path("services").path(0).path("purposes")) {
            purposes.row(p.path("purposeId").asText() + " v" + p.path("purposeVersion").asInt(),
                    p.path("action").asText(), p.path("consentType").asText(),
                    p.path("thirdPartyDisclosure").asBoolean() ? p.path("thirdPartyName").asText() : "none",
                    p.path("termination").asText());
        }
        purposes.print(out);
        out.println(receipt.findJws().isPresent() ? "Signed (JWS)." : "Unsigned (no signing key configured).");
    }

    // ---------------------------------------------------------------- helpers

    private void print(String json) {
        try {
            print(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the library wrote JSON it cannot read back", e);
        }
    }

    private void print(JsonNode json) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
