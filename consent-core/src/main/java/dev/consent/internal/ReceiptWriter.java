package dev.consent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.ConsentLedger;
import dev.consent.ConsentReceipt;
import dev.consent.ConsentRecord;
import dev.consent.Controller;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.PurposeRegistry;
import dev.consent.ReceiptSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes consent receipts in the shape of the Kantara Consent Receipt Specification v1.1, and signs them as
 * compact JWS with {@code java.security}. Not API; see {@code dev.consent.Receipts}.
 */
public final class ReceiptWriter {
    /** The {@code version} of the receipts written. */
    public static final String VERSION = "KI-CR-v1.1.0";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private final ConsentLedger ledger;
    private final PurposeRegistry registry;
    private final ReceiptSettings settings;

    /**
     * @param ledger where the records are read
     * @param registry where the purpose versions are read
     * @param settings the organisation's details
     */
    public ReceiptWriter(ConsentLedger ledger, PurposeRegistry registry, ReceiptSettings settings) {
        this.ledger = ledger;
        this.registry = registry;
        this.settings = settings;
    }

    /** The receipt of the subject's interaction, or empty when it has no decisions about purposes. */
    public Optional<ConsentReceipt> receipt(String subject, String interactionId) {
        Checks.subject(subject);
        Checks.text("interactionId", interactionId, Checks.MAX_ID_LENGTH);
        List<ConsentRecord> records = new ArrayList<>();
        List<ConsentRecord> history = ledger.history(subject);
        for (ConsentRecord r : history) {
            if (r.interactionId().equals(interactionId) && r.purposeId() != null) {
                records.add(r);
            }
        }
        if (records.isEmpty()) {
            return Optional.empty();
        }
        String receiptId = UUID.nameUUIDFromBytes((subject + '\u0000' + interactionId).getBytes(StandardCharsets.UTF_8))
                .toString();
        ObjectNode document = document(subject, receiptId, records, history);
        addProofs(document, records);
        String json = Json.write(document);
        String jws = settings.signingKey().map(k -> sign(json, k)).orElse(null);
        return Optional.of(new ConsentReceipt(receiptId, subject, interactionId, json, jws));
    }

    /**
     * The ledger's proof of each record: its leaf index and its inclusion proof against the checkpoint current now
     * (signed, and included as its note text, when a checkpoint signer is configured; else the tree's size and
     * root), so the person holding the receipt can show the decision is in the log.
     */
    private void addProofs(ObjectNode root, List<ConsentRecord> records) {
        dev.consent.merkle.SignedCheckpoint checkpoint;
        long size;
        try {
            checkpoint = ledger.checkpoint();
            size = checkpoint.size();
        } catch (IllegalStateException noSigner) {
            checkpoint = null;
            size = ledger.headPosition();
        }
        ObjectNode log = root.putObject("ledgerLog");
        log.put("treeSize", size);
        dev.consent.Hash treeRoot = null;
        ArrayNode proofs = log.putArray("records");
        for (ConsentRecord r : records) {
            dev.consent.merkle.InclusionProof proof = ledger.proveInclusion(r.id(), size);
            dev.consent.Hash leaf = dev.consent.merkle.TreeHashes.leaf(r.hash());
            treeRoot = proof.rootFrom(leaf);
            ObjectNode n = proofs.addObject();
            n.put("recordId", r.id().toString());
            n.put("recordHash", r.hash().toHex());
            n.put("leafIndex", proof.leafIndex());
            ArrayNode path = n.putArray("inclusionProof");
            for (dev.consent.Hash h : proof.hashes()) {
                path.add(Base64.getEncoder().encodeToString(h.toBytes()));
            }
        }
        if (treeRoot != null) {
            log.put("rootHash", Base64.getEncoder().encodeToString(treeRoot.toBytes()));
        }
        if (checkpoint != null) {
            log.put("checkpoint", checkpoint.toString());
        }
    }

    private ObjectNode document(
            String subject, String receiptId, List<ConsentRecord> records, List<ConsentRecord> history) {
        ConsentRecord first = records.get(0);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("version", VERSION);
        root.put("jurisdiction", first.jurisdiction() != null ? first.jurisdiction() : settings.jurisdiction());
        root.put("consentTimestamp", first.recordedAt().getEpochSecond());
        root.put("collectionMethod", collectionMethod(first));
        root.put("consentReceiptID", receiptId);
        settings.signingKey()
                .ifPresent(k -> root.put(
                        "publicKey",
                        Base64.getEncoder().encodeToString(k.getPublic().getEncoded())));
        root.put("language", settings.language());
        root.put("piiPrincipalId", subject);
        ArrayNode controllers = root.putArray("piiControllers");
        for (Controller c : settings.controllers()) {
            ObjectNode n = controllers.addObject();
            n.put("piiController", c.name());
            n.put("onBehalf", c.onBehalf());
            n.put("contact", c.contact());
            ObjectNode address = n.putObject("address");
            address.put("streetAddress", c.streetAddress());
            address.put("addressCountry", c.country());
            n.put("email", c.email());
            n.put("phone", c.phone());
            c.url().ifPresent(u -> n.put("piiControllerUrl", u));
        }
        root.put("policyUrl", settings.policyUrl());
        ObjectNode service = root.putArray("services").addObject();
        service.put("service", settings.service());
        ArrayNode purposes = service.putArray("purposes");
        TreeSet<String> sensitive = new TreeSet<>();
        for (ConsentRecord r : records) {
            Purpose p = registry.find(r.purposeId(), r.purposeVersion())
                    .orElseThrow(() -> new IllegalStateException("the ledger names purpose " + r.purposeId()
                            + " version " + r.purposeVersion() + ", which the registry does not hold"));
            ObjectNode n = purposes.addObject();
            n.put("purpose", p.description());
            ArrayNode category = n.putArray("purposeCategory");
            p.category().ifPresent(category::add);
            n.put(
                    "consentType",
                    p.legalBasis() == LegalBasis.CONSENT
                            ? "EXPLICIT"
                            : p.legalBasis().name());
            ArrayNode pii = n.putArray("piiCategory");
            p.piiCategories().forEach(pii::add);
            n.put("primaryPurpose", p.legalBasis() == LegalBasis.CONTRACT);
            n.put("termination", termination(r, p));
            List<String> recipients = recipients(r, p, history);
            n.put("thirdPartyDisclosure", !recipients.isEmpty());
            n.put("thirdPartyName", String.join(", ", recipients));
            n.put("purposeId", p.id());
            n.put("purposeVersion", p.version());
            n.put("purposeTitle", p.title());
            n.put("action", r.action().name());
            n.put("recordId", r.id().toString());
            recipients.forEach(n.putArray("recipients")::add);
            sensitive.addAll(p.sensitiveCategories());
        }
        root.put("sensitive", !sensitive.isEmpty());
        ArrayNode spi = root.putArray("spiCat");
        sensitive.forEach(spi::add);
        return root;
    }

    /**
     * The recipients a receipt names for {@code r} (of version {@code p}): exactly those of the version the
     * person agreed to. For a grant that is its own version; for a withdrawal, the version of the grant it
     * withdraws (the purpose's latest record before it, when that is a grant), so that a recipient added by a
     * version the person never agreed to does not appear; otherwise the record's own version.
     */
    private List<String> recipients(ConsentRecord r, Purpose p, List<ConsentRecord> history) {
        if (r.action() != dev.consent.Action.WITHDRAWN) {
            return p.recipients();
        }
        ConsentRecord previous = null;
        for (ConsentRecord h : history) {
            if (r.purposeId().equals(h.purposeId())
                    && h.subjectSequence() < r.subjectSequence()
                    && (previous == null || h.subjectSequence() > previous.subjectSequence())) {
                previous = h;
            }
        }
        if (previous == null || previous.action() != dev.consent.Action.GRANTED) {
            return p.recipients();
        }
        return registry.find(previous.purposeId(), previous.purposeVersion())
                .map(Purpose::recipients)
                .orElse(p.recipients());
    }

    private static String collectionMethod(ConsentRecord r) {
        StringBuilder b = new StringBuilder(r.channel().name());
        if (r.collectionPoint() != null) {
            b.append(" at ").append(r.collectionPoint());
        }
        if (r.actor().type() != dev.consent.ActorType.SUBJECT) {
            b.append(", by ").append(r.actor().type());
            if (r.actor().authority() != null) {
                b.append(" (").append(r.actor().authority()).append(')');
            }
        }
        if (r.noticeVersion() != null) {
            b.append(", notice ").append(r.noticeVersion());
        }
        return b.toString();
    }

    private static String termination(ConsentRecord r, Purpose p) {
        return switch (r.action()) {
            case GRANTED ->
                r.expiresAt() != null
                        ? "Consent ends at " + r.expiresAt() + " ("
                                + p.maxAgeText().orElse("")
                                + " after it was given), or earlier when withdrawn; it can be withdrawn at any time."
                        : "Consent lasts until it is withdrawn; it can be withdrawn at any time.";
            case DENIED -> "Consent was refused at " + r.recordedAt() + "; no processing on the basis of consent.";
            case WITHDRAWN -> "Consent was withdrawn at " + r.recordedAt() + "; processing on its basis stopped then.";
            case OBJECTED -> "The person objected at " + r.recordedAt() + "; processing stopped then.";
            case OBJECTION_WITHDRAWN -> "The objection was withdrawn at " + r.recordedAt() + ".";
            case OPTED_OUT ->
                "The person opted out of the sale or sharing of their personal data at " + r.recordedAt()
                        + (r.channel() == dev.consent.Channel.PREFERENCE_SIGNAL
                                ? ", by the opt-out preference signal " + r.collectionPoint()
                                : "")
                        + "; it stopped then.";
            default -> throw new IllegalArgumentException("not a purpose action: " + r.action());
        };
    }

    /** {@code payload} signed as a compact JWS with {@code key}: RS256 for RSA, ES256 for EC. */
    static String sign(String payload, KeyPair key) {
        String alg = key.getPublic() instanceof RSAPublicKey ? "RS256" : "ES256";
        String input =
                B64URL.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                        + "." + B64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance(javaAlgorithm(alg));
            s.initSign(key.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a receipt with " + alg, e);
        }
    }

    /** Whether {@code jws} verifies with {@code key}; false for anything malformed. */
    public static boolean verify(String jws, PublicKey key) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode header = Json.mapper().readTree(B64URL_DECODER.decode(parts[0]));
            String alg = header.path("alg").asText();
            boolean fits = ("RS256".equals(alg) && key instanceof RSAPublicKey)
                    || ("ES256".equals(alg) && key instanceof ECPublicKey);
            if (!fits) {
                return false;
            }
            Signature s = Signature.getInstance(javaAlgorithm(alg));
            s.initVerify(key);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return s.verify(B64URL_DECODER.decode(parts[2]));
        } catch (java.io.IOException | IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** The payload of a compact JWS, as text. Not verified. */
    public static String payload(String jws) {
        String[] parts = jws.split("\\.", -1);
        return new String(B64URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8);
    }

    private static String javaAlgorithm(String alg) {
        return "RS256".equals(alg) ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
    }
}
