package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.AccessExport;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The access export (GDPR Art. 15): its content, its JSON form and its round trip, on every store. */
public abstract class ExportContract extends BehaviourContract {

    @Test
    void export_holdsTheStateNow_everyRecordWithEvidence_andTheTextsSeen() {
        ConsentSystem cs = systemWithPurposes();
        WriteResult first = cs.ledger()
                .record(dev.consent.Interaction.builder("user-1")
                        .context(Fixtures.detailed())
                        .grant(EMAIL)
                        .grant(SMS)
                        .object(ANALYTICS)
                        .build());
        clock.advance(Duration.ofDays(1));
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(2)
                        .description("Offers by SMS, weekly.")
                        .materialChange()
                        .build());
        clock.advance(Duration.ofDays(1));
        ConsentRecord withdrawal =
                cs.ledger().withdraw("user-1", EMAIL, WEB).records().get(0);
        clock.advance(Duration.ofHours(1));

        AccessExport export = cs.ledger().export("user-1");

        assertThat(export.formatVersion()).isEqualTo(1);
        assertThat(export.generatedAt()).isEqualTo(clock.instant());
        assertThat(export.subject()).isEqualTo("user-1");
        assertThat(export.erased()).isFalse();
        assertThat(export.deceased()).isFalse();
        assertThat(export.lifecycleRecordId()).isNull();
        assertThat(export.purposes())
                .extracting(AccessExport.PurposeEntry::purposeId)
                .containsExactly(ANALYTICS, BILLING, EMAIL, SMS);
        assertThat(export.purposes())
                .extracting(AccessExport.PurposeEntry::reason)
                .containsExactly(
                        DecisionReason.OBJECTED,
                        DecisionReason.LEGAL_BASIS_NOT_CONSENT,
                        DecisionReason.CONSENT_WITHDRAWN,
                        DecisionReason.RECONSENT_REQUIRED);
        AccessExport.PurposeEntry sms = export.purposes().get(3);
        assertThat(sms.status()).isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
        assertThat(sms.purposeVersion()).isEqualTo(1);
        assertThat(sms.recordId()).isEqualTo(first.records().get(1).id());
        assertThat(sms.expiresAt()).isNull();
        assertThat(export.purposes().get(2).recordId()).isEqualTo(withdrawal.id());

        List<ConsentRecord> history = cs.ledger().history("user-1");
        assertThat(export.history())
                .extracting(AccessExport.RecordEntry::recordId)
                .containsExactlyElementsOf(
                        history.stream().map(ConsentRecord::id).toList());
        AccessExport.RecordEntry grant = export.history().get(0);
        assertThat(grant.hash()).isEqualTo(history.get(0).hash().toHex());
        assertThat(grant.expiresAt()).isEqualTo(history.get(0).expiresAt());
        assertThat(grant.noticeVersion()).isEqualTo("privacy-2024-02");
        assertThat(grant.actorId()).isEqualTo("parent-17");
        assertThat(grant.actorAuthority()).isEqualTo("parental responsibility");
        assertThat(grant.channel()).isEqualTo(Channel.MOBILE_APP);
        assertThat(grant.evidence()).isNotNull();
        assertThat(grant.evidence().ipAddress()).isEqualTo("203.0.113.9");
        assertThat(grant.evidence().attributes()).containsEntry("device", "pixel-8");
        assertThat(export.history().get(3).evidence())
                .as("the withdrawal had no evidence")
                .isNull();
        assertThat(export.purposeTexts())
                .extracting(t -> t.purposeId() + " v" + t.version())
                .containsExactly(ANALYTICS + " v1", BILLING + " v1", EMAIL + " v1", SMS + " v1", SMS + " v2");
        assertThat(export.purposeTexts().get(3).description()).isEqualTo("Offers by text message.");
        assertThat(export.purposeTexts().get(2).maxAge()).isEqualTo(Fixtures.EMAIL_MAX_AGE);
        assertThat(export.purposeTexts().get(2).recipients()).containsExactly("Mailer Ltd (processor)");
        assertThat(export.links()).isEmpty();
    }

    @Test
    void export_roundTripsThroughJson_withTheDocumentedFieldNames() throws Exception {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("anon-1", SMS, Fixtures.detailed());
        cs.ledger().grant("user-1", EMAIL, Fixtures.detailed());
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().link("anon-1", "user-1", CollectionContext.of(Channel.WEB, "login"));
        AccessExport export = cs.ledger().export("user-1");

        String json = export.toJson();
        AccessExport read = AccessExport.fromJson(json);

        assertThat(read).isEqualTo(export);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertThat(names(tree))
                .containsExactly(
                        "formatVersion",
                        "generatedAt",
                        "subject",
                        "erased",
                        "deceased",
                        "lifecycleRecordId",
                        "purposes",
                        "history",
                        "purposeTexts",
                        "links");
        assertThat(tree.get("generatedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(names(tree.get("purposes").get(0)))
                .containsExactly(
                        "purposeId",
                        "purposeVersion",
                        "legalBasis",
                        "status",
                        "allowed",
                        "reason",
                        "recordId",
                        "expiresAt",
                        "recipients");
        assertThat(names(tree.get("history").get(0)))
                .containsExactly(
                        "recordId",
                        "position",
                        "subjectSequence",
                        "purposeId",
                        "purposeVersion",
                        "action",
                        "recordedAt",
                        "expiresAt",
                        "noticeVersion",
                        "collectionPoint",
                        "channel",
                        "actorType",
                        "actorId",
                        "actorAuthority",
                        "jurisdiction",
                        "interactionId",
                        "hash",
                        "previousHash",
                        "evidenceDigest",
                        "evidence");
        assertThat(names(tree.get("history").get(0).get("evidence")))
                .containsExactly("ipAddress", "userAgent", "attributes");
        assertThat(names(tree.get("purposeTexts").get(0)))
                .containsExactly(
                        "purposeId",
                        "version",
                        "title",
                        "description",
                        "legalBasis",
                        "group",
                        "maxAge",
                        "minValidVersion",
                        "recipients",
                        "retired",
                        "category",
                        "piiCategories",
                        "sensitiveCategories",
                        "definedAt",
                        "maxAgePeriod",
                        "saleOrSharing",
                        "optOutJurisdictions");
        assertThat(names(tree.get("links").get(0)))
                .containsExactly("anonymousId", "accountId", "interactionId", "linkedAt", "role");
        assertThat(tree.get("purposeTexts").get(2).get("maxAge").asText()).isEqualTo("PT9480H");
        assertThat(json).contains(",\"maxAgePeriod\":null");
        assertThat(AccessExport.fromJson(json.replace(",\"maxAgePeriod\":null", "")))
                .as("an export written before maxAgePeriod was added reads back the same")
                .isEqualTo(AccessExport.fromJson(json));
        assertThat(AccessExport.fromJson(json.replace("{\"formatVersion\":1,", "{\"formatVersion\":1,\"later\":[1],")))
                .as("a field a later version adds is ignored")
                .isEqualTo(export);
    }

    @Test
    void export_showsTheLinkFromBothSides_andTheCarriedRecordsNameTheirOrigin() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord origin = cs.ledger().grant("anon-1", SMS, WEB).records().get(0);
        clock.advance(Duration.ofMinutes(1));
        WriteResult carried = cs.ledger().link("anon-1", "user-1", CollectionContext.of(Channel.WEB, "login"));

        AccessExport account = cs.ledger().export("user-1");
        AccessExport visitor = cs.ledger().export("anon-1");

        assertThat(account.links()).singleElement().satisfies(l -> {
            assertThat(l.role()).isEqualTo("ACCOUNT");
            assertThat(l.anonymousId()).isEqualTo("anon-1");
            assertThat(l.interactionId()).isEqualTo(carried.interactionId());
        });
        assertThat(visitor.links()).singleElement().satisfies(l -> {
            assertThat(l.role()).isEqualTo("ANONYMOUS");
            assertThat(l.accountId()).isEqualTo("user-1");
        });
        assertThat(account.history()).singleElement().satisfies(r -> {
            assertThat(r.interactionId()).isEqualTo(carried.interactionId());
            assertThat(r.evidence().attributes())
                    .containsEntry("linkedFrom", "anon-1")
                    .containsEntry("originRecordId", origin.id().toString());
        });
        assertThat(visitor.history())
                .extracting(AccessExport.RecordEntry::recordId)
                .containsExactly(origin.id());
    }

    @Test
    void export_ofAnErasedSubject_saysSo_andCarriesNoEvidence() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, Fixtures.detailed());
        clock.advance(Duration.ofMinutes(1));
        ConsentRecord erasure = cs.ledger().erase("user-1", WEB).records().get(0);

        AccessExport export = cs.ledger().export("user-1");

        assertThat(export.erased()).isTrue();
        assertThat(export.lifecycleRecordId()).isEqualTo(erasure.id());
        assertThat(export.history())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.evidence()).isNull());
        assertThat(export.history().get(0).evidenceDigest())
                .as("the proof stays")
                .isNotNull();
        assertThat(export.purposes())
                .filteredOn(p -> !p.purposeId().equals(BILLING))
                .extracting(AccessExport.PurposeEntry::reason)
                .containsOnly(DecisionReason.SUBJECT_ERASED);
        assertThat(AccessExport.fromJson(export.toJson())).isEqualTo(export);
    }

    @Test
    void export_ofADeceasedSubject_andOfAnUnknownOne() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        ConsentRecord death = cs.ledger().markDeceased("user-1", WEB).records().get(0);

        AccessExport deceased = cs.ledger().export("user-1");
        AccessExport unknown = cs.ledger().export("nobody");

        assertThat(deceased.deceased()).isTrue();
        assertThat(deceased.erased()).isFalse();
        assertThat(deceased.lifecycleRecordId()).isEqualTo(death.id());
        assertThat(unknown.history()).isEmpty();
        assertThat(unknown.links()).isEmpty();
        assertThat(unknown.purposes())
                .extracting(AccessExport.PurposeEntry::status)
                .containsOnly(ConsentStatus.NONE);
        assertThat(unknown.purposeTexts()).hasSize(4);
    }

    @Test
    void export_readsOnlyTheSubject_onceEach() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> {});
        Fixtures.defineStandard(cs.purposes());
        for (int i = 0; i < 10; i++) {
            cs.ledger().grant("other-" + i, EMAIL, WEB);
        }
        cs.ledger().grant("user-1", EMAIL, WEB);
        counting.reset();

        cs.ledger().export("user-1");

        assertThat(counting.readSubjectCalls()).isEqualTo(1);
        assertThat(counting.readFeedCalls()).isZero();
        assertThat(counting.loadCurrentStatesCalls()).isZero();
    }

    @Test
    void badInput_isRejected_namingTheField() {
        ConsentSystem cs = systemWithPurposes();

        assertThatThrownBy(() -> cs.ledger().export(" "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> AccessExport.fromJson("{\"formatVersion\":"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("json");
        assertThatThrownBy(() -> AccessExport.fromJson("{\"generatedAt\":\"yesterday\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("json");
        assertThatThrownBy(() -> AccessExport.fromJson(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("json");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
