package dev.consent.examples;

import static dev.consent.examples.AuditMode.arguments;
import static dev.consent.examples.AuditMode.instant;

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
import dev.consent.PurposeState;
import dev.consent.ReceiptSettings;
import dev.consent.Receipts;
import dev.consent.SubjectState;
import dev.consent.VerificationReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit commands about one subject: its state at an instant with the records that prove it, its access
 * export, and the receipt of one of its interactions. Each prints a table a person reads, or with
 * {@code --json} the same answer as JSON. The ledger-wide commands and the command line are in
 * {@link AuditMode}.
 */
final class SubjectAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The controller the example's receipts name: configuration, in an application. */
    static final ReceiptSettings RECEIPTS = ReceiptSettings.builder()
            .controller(Controller.builder("Example Newsletter Ltd")
                    .contact("Data Protection Officer")
                    .address("1 Example Street, Dublin", "IE")
                    .email("privacy@newsletter.example")
                    .phone("+353 1 555 0100")
                    .url("https://newsletter.example")
                    .build())
            .policyUrl("https://newsletter.example/privacy")
            .service("Example Newsletter")
            .jurisdiction("EU")
            .build();

    private final ConsentSystem consent;
    private final PrintStream out;

    SubjectAudit(ConsentSystem consent, PrintStream out) {
        this.consent = consent;
        this.out = out;
    }

    // ---------------------------------------------------------------- state

    void state(List<String> args, boolean json) {
        arguments(args, 2, "SUBJECT INSTANT");
        String subject = args.get(0);
        Instant at = instant("INSTANT", args.get(1));
        SubjectState state = consent.ledger().stateAt(subject, at);
        if (json) {
            print(stateJson(state));
            return;
        }
        out.println("State of " + subject + " at " + at + " (" + Format.time(at) + ")");
        out.println("Lifecycle: "
                + (state.lifecycle() == null
                        ? "none"
                        : state.lifecycle().action() + " at "
                                + state.lifecycle().recordedAt()));
        out.println();
        Table table = new Table("purpose", "version seen", "status", "allowed", "reason", "proving record");
        for (PurposeState p : state.purposes().values()) {
            table.row(
                    p.purpose().id(),
                    "v" + p.purpose().version(),
                    p.status(),
                    p.decision().allowed() ? "yes" : "no",
                    p.decision().reason(),
                    p.findProof().map(r -> r.id().toString()).orElse(null));
        }
        table.print(out);
        for (PurposeState p : state.purposes().values()) {
            ConsentRecord r = p.proof();
            if (r == null) {
                continue;
            }
            out.println();
            out.println("Proof for " + p.purpose().id() + ": \"" + p.purpose().title() + "\", v"
                    + p.purpose().version() + ": " + p.purpose().description());
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
            proof.row(
                    "actor",
                    r.actor().type()
                            + (r.actor().id() == null ? "" : " " + r.actor().id()));
            proof.row("interaction", r.interactionId());
            proof.row(
                    "evidence digest",
                    r.evidenceDigest() == null ? null : r.evidenceDigest().toHex());
            proof.row(
                    "previous hash",
                    r.previousHash() == null ? null : r.previousHash().toHex());
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
        n.put(
                "evidenceDigest",
                r.evidenceDigest() == null ? null : r.evidenceDigest().toHex());
        n.put("previousHash", r.previousHash() == null ? null : r.previousHash().toHex());
        n.put("hash", r.hash().toHex());
        return n;
    }

    // ---------------------------------------------------------------- export

    void export(List<String> args, boolean json) {
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
            now.row(
                    p.purposeId(),
                    "v" + p.purposeVersion(),
                    p.legalBasis(),
                    p.status(),
                    p.allowed() ? "yes" : "no",
                    p.reason(),
                    p.expiresAt());
        }
        now.print(out);
        out.println();
        out.println("History (" + export.history().size() + " records):");
        Table history = new Table(
                "seq", "recorded at", "action", "purpose", "collection point", "channel", "interaction", "evidence");
        for (AccessExport.RecordEntry r : export.history()) {
            history.row(
                    r.subjectSequence(),
                    r.recordedAt(),
                    r.action(),
                    r.purposeId() == null ? null : r.purposeId() + " v" + r.purposeVersion(),
                    r.collectionPoint(),
                    r.channel(),
                    r.interactionId(),
                    evidence(r, export.erased()));
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

    void receipt(List<String> args, boolean json) {
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
        out.println("Consent receipt " + receipt.receiptId() + " ("
                + r.path("version").asText() + ")");
        Table head = new Table("field", "value");
        head.row("subject (piiPrincipalId)", r.path("piiPrincipalId").asText());
        head.row("interaction", receipt.interactionId());
        head.row(
                "consent timestamp",
                Instant.ofEpochSecond(r.path("consentTimestamp").asLong()));
        head.row("collection method", r.path("collectionMethod").asText());
        head.row("jurisdiction", r.path("jurisdiction").asText());
        head.row("language", r.path("language").asText());
        head.row(
                "controller",
                r.path("piiControllers").path(0).path("piiController").asText());
        head.row("policy", r.path("policyUrl").asText());
        head.row("service", r.path("services").path(0).path("service").asText());
        head.row("sensitive data", r.path("sensitive").asBoolean() ? "yes" : "no");
        head.print(out);
        out.println();
        Table purposes = new Table("purpose", "decision", "consent type", "third parties", "termination");
        for (JsonNode p : r.path("services").path(0).path("purposes")) {
            purposes.row(
                    p.path("purposeId").asText() + " v"
                            + p.path("purposeVersion").asInt(),
                    p.path("action").asText(),
                    p.path("consentType").asText(),
                    p.path("thirdPartyDisclosure").asBoolean()
                            ? p.path("thirdPartyName").asText()
                            : "none",
                    p.path("termination").asText());
        }
        purposes.print(out);
        out.println(receipt.findJws().isPresent() ? "Signed (JWS)." : "Unsigned (no signing key configured).");
    }

    private void print(String json) {
        AuditMode.printJson(out, json);
    }

    private void print(JsonNode json) {
        AuditMode.printJson(out, json);
    }
}
