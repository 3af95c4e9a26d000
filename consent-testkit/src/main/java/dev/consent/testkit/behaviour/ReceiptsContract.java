package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.ConsentReceipt;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Controller;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.ReceiptSettings;
import dev.consent.Receipts;
import dev.consent.WriteResult;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Consent receipts per interaction, with the fields of the Kantara Consent Receipt Specification v1.1. */
public abstract class ReceiptsContract extends BehaviourContract {
    private static final String NEWS = "marketing.newsletter";
    private static final KeyPair RSA = keyPair("RSA");
    private static final KeyPair EC = keyPair("EC");

    static Controller acme() {
        return Controller.builder("ACME Ltd")
                .contact("Data Protection Officer")
                .address("1 Main Street, London", "GB")
                .email("dpo@acme.example")
                .phone("+44 20 7946 0000")
                .url("https://acme.example")
                .build();
    }

    static ReceiptSettings.Builder settings() {
        return ReceiptSettings.builder()
                .controller(acme())
                .policyUrl("https://acme.example/privacy")
                .service("ACME Shop")
                .jurisdiction("UK");
    }

    private ConsentSystem systemWithNewsletter() {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes()
                .define(Fixtures.simple(NEWS, LegalBasis.CONSENT).toBuilder()
                        .group("marketing")
                        .category("Marketing")
                        .piiCategories(List.of("E-mail address", "Name"))
                        .sensitiveCategories(List.of("Health"))
                        .recipients(List.of("Mailer Ltd", "Print Co"))
                        .maxAge(Duration.ofDays(30))
                        .build());
        return cs;
    }

    @Test
    void receipt_carriesEveryKantaraField_fromTheRecordsThePurposesAndTheSettings() throws Exception {
        ConsentSystem cs = systemWithNewsletter();
        clock.advance(Duration.ofMillis(1500));
        WriteResult w = cs.ledger()
                .record(Interaction.builder("user-1")
                        .interactionId("form-1")
                        .context(Fixtures.detailed())
                        .grant(NEWS)
                        .deny(SMS)
                        .build());
        Receipts receipts = Receipts.of(cs, settings().build());

        ConsentReceipt receipt = receipts.getReceipt("user-1", "form-1");
        JsonNode r = new ObjectMapper().readTree(receipt.json());

        assertThat(names(r))
                .containsExactly(
                        "version",
                        "jurisdiction",
                        "consentTimestamp",
                        "collectionMethod",
                        "consentReceiptID",
                        "language",
                        "piiPrincipalId",
                        "piiControllers",
                        "policyUrl",
                        "services",
                        "sensitive",
                        "spiCat",
                        "ledgerLog");
        assertThat(r.get("version").asText()).isEqualTo("KI-CR-v1.1.0");
        assertThat(r.get("jurisdiction").asText()).as("the record's").isEqualTo("EU");
        assertThat(r.get("consentTimestamp").asLong())
                .isEqualTo(w.records().get(0).recordedAt().getEpochSecond());
        assertThat(r.get("collectionMethod").asText())
                .contains("MOBILE_APP")
                .contains("app_onboarding_v7")
                .contains("GUARDIAN")
                .contains("privacy-2024-02");
        assertThat(r.get("consentReceiptID").asText())
                .isEqualTo(receipt.receiptId())
                .isEqualTo(receipts.getReceipt("user-1", "form-1").receiptId());
        assertThat(r.get("language").asText()).isEqualTo("en");
        assertThat(r.get("piiPrincipalId").asText()).isEqualTo("user-1");
        JsonNode controller = r.get("piiControllers").get(0);
        assertThat(names(controller))
                .containsExactly(
                        "piiController", "onBehalf", "contact", "address", "email", "phone", "piiControllerUrl");
        assertThat(controller.get("piiController").asText()).isEqualTo("ACME Ltd");
        assertThat(controller.get("address").get("addressCountry").asText()).isEqualTo("GB");
        assertThat(controller.get("email").asText()).isEqualTo("dpo@acme.example");
        assertThat(r.get("policyUrl").asText()).isEqualTo("https://acme.example/privacy");
        JsonNode service = r.get("services").get(0);
        assertThat(service.get("service").asText()).isEqualTo("ACME Shop");
        JsonNode news = service.get("purposes").get(0);
        assertThat(names(news))
                .startsWith(
                        "purpose",
                        "purposeCategory",
                        "consentType",
                        "piiCategory",
                        "primaryPurpose",
                        "termination",
                        "thirdPartyDisclosure",
                        "thirdPartyName");
        assertThat(news.get("purpose").asText()).isEqualTo("What " + NEWS + " is for.");
        assertThat(news.get("purposeCategory").get(0).asText()).isEqualTo("Marketing");
        assertThat(news.get("consentType").asText()).isEqualTo("EXPLICIT");
        assertThat(news.get("piiCategory")).extracting(JsonNode::asText).containsExactly("E-mail address", "Name");
        assertThat(news.get("primaryPurpose").asBoolean()).isFalse();
        assertThat(news.get("termination").asText())
                .contains(w.records().get(0).expiresAt().toString());
        assertThat(news.get("thirdPartyDisclosure").asBoolean()).isTrue();
        assertThat(news.get("thirdPartyName").asText()).isEqualTo("Mailer Ltd, Print Co");
        assertThat(news.get("action").asText()).isEqualTo("GRANTED");
        assertThat(news.get("recordId").asText())
                .isEqualTo(w.records().get(0).id().toString());
        JsonNode sms = service.get("purposes").get(1);
        assertThat(sms.get("purposeId").asText()).isEqualTo(SMS);
        assertThat(sms.get("action").asText()).isEqualTo("DENIED");
        assertThat(sms.get("thirdPartyDisclosure").asBoolean()).isFalse();
        assertThat(sms.get("purposeCategory")).isEmpty();
        assertThat(r.get("sensitive").asBoolean()).isTrue();
        assertThat(r.get("spiCat")).extracting(JsonNode::asText).containsExactly("Health");
        assertThat(receipt.jws()).isNull();
        assertThat(receipt.findJws()).isEmpty();
    }

    @Test
    void receipt_ofAGroupGrant_listsEveryMember_andAWithdrawalHasItsOwnReceipt() throws Exception {
        ConsentSystem cs = systemWithNewsletter();
        WriteResult grant = cs.ledger().grantGroup("user-1", "marketing", WEB);
        clock.advance(Duration.ofDays(1));
        WriteResult withdrawal = cs.ledger().withdraw("user-1", EMAIL, WEB);
        Receipts receipts = Receipts.of(cs, settings().language("de-CH").build());

        JsonNode granted = new ObjectMapper()
                .readTree(receipts.getReceipt("user-1", grant.interactionId()).json());
        JsonNode withdrawn = new ObjectMapper()
                .readTree(receipts.getReceipt("user-1", withdrawal.interactionId())
                        .json());

        assertThat(granted.get("services").get(0).get("purposes"))
                .extracting(p -> p.get("purposeId").asText())
                .containsExactly(EMAIL, NEWS, SMS);
        assertThat(granted.get("jurisdiction").asText())
                .as("the settings' default")
                .isEqualTo("UK");
        assertThat(granted.get("language").asText()).isEqualTo("de-CH");
        JsonNode w = withdrawn.get("services").get(0).get("purposes").get(0);
        assertThat(w.get("action").asText()).isEqualTo("WITHDRAWN");
        assertThat(w.get("termination").asText()).contains("withdrawn");
        assertThat(withdrawn.get("consentReceiptID").asText())
                .isNotEqualTo(granted.get("consentReceiptID").asText());
    }

    @Test
    void signedReceipt_verifiesWithThePublicKeyItStates_andATamperedOneDoesNot() throws Exception {
        ConsentSystem cs = systemWithNewsletter();
        WriteResult w = cs.ledger().grant("user-1", NEWS, WEB);
        for (KeyPair key : List.of(RSA, EC)) {
            Receipts receipts = Receipts.of(cs, settings().signingKey(key).build());

            ConsentReceipt receipt = receipts.getReceipt("user-1", w.interactionId());

            String jws = receipt.findJws().orElseThrow();
            assertThat(Receipts.verify(jws, key.getPublic()))
                    .as(key.getPublic().getAlgorithm())
                    .isTrue();
            String[] parts = jws.split("\\.");
            assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .isEqualTo(receipt.json());
            String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            assertThat(header).contains(key == RSA ? "RS256" : "ES256");
            assertThat(new ObjectMapper()
                            .readTree(receipt.json())
                            .get("publicKey")
                            .asText())
                    .isEqualTo(
                            Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));

            String tampered = receipt.json().replace("\"user-1\"", "\"user-2\"");
            assertThat(tampered).isNotEqualTo(receipt.json());
            String forged = parts[0] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];
            assertThat(Receipts.verify(forged, key.getPublic())).isFalse();
            assertThat(Receipts.verify(jws, (key == RSA ? keyPair("RSA") : keyPair("EC")).getPublic()))
                    .as("another key")
                    .isFalse();
            assertThat(Receipts.verify(jws, (key == RSA ? EC : RSA).getPublic()))
                    .as("a key of the other kind")
                    .isFalse();
            assertThat(Receipts.verify("not.a-jws", key.getPublic())).isFalse();
        }
    }

    @Test
    void unknownInteraction_orOneWithoutPurposes_hasNoReceipt_andGetNamesIt() {
        ConsentSystem cs = systemWithNewsletter();
        cs.ledger().grant("user-1", NEWS, WEB);
        ConsentRecord erasure = cs.ledger().erase("user-2", WEB).records().get(0);
        Receipts receipts = Receipts.of(cs, settings().build());

        assertThat(receipts.findReceipt("user-1", "no-such-form")).isEmpty();
        assertThat(receipts.findReceipt("user-2", erasure.interactionId())).isEmpty();
        assertThat(receipts.findReceipt("nobody", "form-1")).isEmpty();
        assertThatThrownBy(() -> receipts.getReceipt("user-1", "no-such-form"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("interactionId")
                .hasMessageContaining("no-such-form");
        assertThatThrownBy(() -> receipts.findReceipt(" ", "form-1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> receipts.findReceipt("user-1", ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("interactionId");
        assertThatThrownBy(() -> receipts.findReceipt("user-1", null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("interactionId");
        assertThatThrownBy(() -> Receipts.of(cs, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("settings");
    }

    @Test
    void receiptOfAnErasedSubject_isStillIssued_fromTheKeptRecords() {
        ConsentSystem cs = systemWithNewsletter();
        WriteResult w = cs.ledger().grant("user-1", NEWS, Fixtures.detailed());
        cs.ledger().erase("user-1", WEB);

        assertThat(Receipts.of(cs, settings().build()).findReceipt("user-1", w.interactionId()))
                .isPresent();
    }

    static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void receipt_provesEachDecisionIsInTheLedgersLog_againstTheSignedCheckpointCurrentWhenItWasMade() throws Exception {
        dev.consent.merkle.NoteSigner signer = dev.consent.merkle.NoteSigner.generate("acme.example/consent");
        ConsentSystem cs = system(b -> b.checkpointSigner(signer));
        cs.purposes()
                .define(Fixtures.simple(NEWS, LegalBasis.CONSENT).toBuilder().build());
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("user-0", EMAIL, WEB);
        WriteResult w = cs.ledger()
                .record(Interaction.builder("user-1")
                        .interactionId("form-1")
                        .context(WEB)
                        .grant(NEWS)
                        .deny(SMS)
                        .build());
        cs.ledger().grant("user-2", EMAIL, WEB);

        ConsentReceipt receipt = Receipts.of(cs, settings().build()).getReceipt("user-1", w.interactionId());

        JsonNode log = new ObjectMapper().readTree(receipt.json()).get("ledgerLog");
        dev.consent.merkle.SignedCheckpoint checkpoint =
                dev.consent.merkle.SignedCheckpoint.parse(log.get("checkpoint").asText(), signer.verifier());
        assertThat(checkpoint.size()).isEqualTo(log.get("treeSize").asLong()).isEqualTo(4);
        assertThat(Base64.getDecoder().decode(log.get("rootHash").asText()))
                .isEqualTo(checkpoint.root().toBytes());
        List<ConsentRecord> records = cs.ledger().history("user-1");
        assertThat(log.get("records")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode proof = log.get("records").get(i);
            ConsentRecord r = records.get(i);
            assertThat(proof.get("recordId").asText()).isEqualTo(r.id().toString());
            assertThat(proof.get("leafIndex").asLong()).isEqualTo(r.position() - 1);
            List<dev.consent.Hash> path = new ArrayList<>();
            proof.get("inclusionProof")
                    .forEach(h ->
                            path.add(dev.consent.Hash.of(Base64.getDecoder().decode(h.asText()))));
            dev.consent.merkle.InclusionProof inclusion =
                    new dev.consent.merkle.InclusionProof(r.position() - 1, checkpoint.size(), path);
            inclusion.verify(
                    dev.consent.merkle.TreeHashes.leaf(
                            dev.consent.Hash.fromHex(proof.get("recordHash").asText())),
                    checkpoint.root());
            assertThat(inclusion.verifies(
                            dev.consent.merkle.TreeHashes.leaf(
                                    records.get(1 - i).hash()),
                            checkpoint.root()))
                    .isFalse();
        }
    }
}
