package dev.consent.examples.springapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.AccessExport;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The access export through HTTP: the library's documented JSON (docs/export-format.md), as a download. */
class ExportTest extends AppTest {

    @Test
    void export_downloadsTheLibrarysJson_withTheAccountsRecords() throws Exception {
        String id = signUp(NEWSLETTER, ANALYTICS);
        http.post("/account/" + id + "/consent/" + ANALYTICS, "action", "withdraw");

        HttpResponse<String> download = http.get("/account/" + id + "/export");

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"consent-export-" + id + ".json\"");

        JsonNode json = new ObjectMapper().readTree(download.body());
        assertThat(json.properties())
                .extracting(Map.Entry::getKey)
                .contains("formatVersion", "generatedAt", "subject", "erased", "deceased", "lifecycleRecordId")
                .contains("purposes", "history", "purposeTexts", "links");
        assertThat(json.get("formatVersion").asInt()).isEqualTo(1);

        AccessExport export = AccessExport.fromJson(download.body());
        assertThat(export.subject()).isEqualTo(id);
        assertThat(export.history())
                .extracting(AccessExport.RecordEntry::recordId)
                .containsExactlyElementsOf(consent.ledger().history(id).stream()
                        .map(ConsentRecord::id)
                        .toList());
        assertThat(export.history()).hasSize(4);
        assertThat(export.purposes())
                .filteredOn(p -> p.purposeId().equals(ANALYTICS))
                .extracting(AccessExport.PurposeEntry::status)
                .containsExactly(ConsentStatus.WITHDRAWN);
        assertThat(export.purposes())
                .filteredOn(p -> p.purposeId().equals(NEWSLETTER))
                .extracting(AccessExport.PurposeEntry::allowed)
                .containsExactly(true);
        assertThat(export.purposeTexts())
                .extracting(AccessExport.PurposeText::title)
                .contains("Newsletter by e-mail", "Offers by text message", "Product analytics");
        assertThat(export.history()).allSatisfy(r -> assertThat(r.evidence()).isNotNull());
    }

    @Test
    void exportOfAnUnknownAccount_isNotFound() {
        assertThat(http.get("/account/" + UUID.randomUUID() + "/export").statusCode())
                .isEqualTo(404);
    }
}
