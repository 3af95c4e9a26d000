package dev.consent.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Action;
import dev.consent.ConsentStatus;
import dev.consent.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeMessageTest {
    private final ChangeMessage withdrawal = new ChangeMessage(
            17,
            "user-42",
            3,
            "marketing.email",
            2,
            Action.WITHDRAWN,
            ConsentStatus.GRANTED,
            ConsentStatus.WITHDRAWN,
            UUID.fromString("8d0f6c1e-1111-4222-8333-444455556666"),
            Instant.parse("2026-11-23T13:14:00.123Z"),
            "form-1",
            List.of("Mailer Ltd"),
            "3f2a");

    @Test
    void theJson_hasTheDocumentedFields_version1() throws Exception {
        JsonNode n = new ObjectMapper().readTree(withdrawal.toJson());

        assertThat(n.get("messageVersion").asInt()).isEqualTo(1);
        assertThat(n.get("key").asText()).isEqualTo("8d0f6c1e-1111-4222-8333-444455556666");
        assertThat(n.get("subject").asText()).isEqualTo("user-42");
        assertThat(n.get("subjectSequence").asLong()).isEqualTo(3);
        assertThat(n.get("purpose").asText()).isEqualTo("marketing.email");
        assertThat(n.get("purposeVersion").asInt()).isEqualTo(2);
        assertThat(n.get("oldStatus").asText()).isEqualTo("GRANTED");
        assertThat(n.get("newStatus").asText()).isEqualTo("WITHDRAWN");
        assertThat(n.get("recordedAt").asText()).isEqualTo("2026-11-23T13:14:00.123Z");
        assertThat(n.get("position").asLong()).isEqualTo(17);
        assertThat(n.get("recipients").get(0).asText()).isEqualTo("Mailer Ltd");
        assertThat(n.get("registryFingerprint").asText()).isEqualTo("3f2a");
    }

    @Test
    void theJson_readsBackEqual_alsoForALifecycleChange() {
        ChangeMessage erasure = new ChangeMessage(
                18,
                "user-42",
                4,
                null,
                0,
                Action.SUBJECT_ERASED,
                null,
                null,
                UUID.randomUUID(),
                Instant.parse("2026-11-23T13:15:00Z"),
                "erase-1",
                List.of(),
                "3f2a");

        assertThat(ChangeMessage.fromJson(withdrawal.toJson())).isEqualTo(withdrawal);
        assertThat(ChangeMessage.fromJson(erasure.toJson())).isEqualTo(erasure);
    }

    @Test
    void readingAnUnknownVersionOrNotAMessage_throwsInvalidInput() {
        assertThatThrownBy(() -> ChangeMessage.fromJson(
                        withdrawal.toJson().replace("\"messageVersion\":1", "\"messageVersion\":2")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("messageVersion");
        assertThatThrownBy(() -> ChangeMessage.fromJson("{not json")).isInstanceOf(InvalidInputException.class);
    }

    /**
     * Regression, found by the hostile-input suite: the reader coerced values of the wrong type instead of
     * rejecting them, so a damaged message read as another one: {@code "interactionId": null} as the text
     * "null", {@code "position": "x"} as 0, {@code "purpose": []} as "", {@code "recipients": true} as none,
     * {@code "purposeVersion": 1.5} as 1, and a {@code key} unlike the record id was ignored.
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "interactionId|null",
                "interactionId|true",
                "interactionId|1.5",
                "subject|42",
                "position|\"17\"",
                "position|\"\\u0000\"",
                "position|1.5",
                "position|1e400",
                "subjectSequence|null",
                "purpose|[]",
                "purposeVersion|\"2\"",
                "purposeVersion|99999999999",
                "recipients|true",
                "recipients|[1]",
                "key|\"another\"",
                "key|1",
                "oldStatus|3",
                "registryFingerprint|{}"
            })
    void readingAFieldOfTheWrongType_throwsInvalidInput_namingIt_ratherThanCoercingIt(String field, String value)
            throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(withdrawal.toJson());
        n.set(field, new ObjectMapper().readTree(value));

        assertThatThrownBy(() -> ChangeMessage.fromJson(n.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(field);
    }

    @Test
    void readingAMessageWithoutARequiredField_throwsInvalidInput() throws Exception {
        for (String field : List.of(
                "position",
                "subject",
                "subjectSequence",
                "purposeVersion",
                "action",
                "recordId",
                "recordedAt",
                "interactionId",
                "recipients",
                "registryFingerprint")) {
            ObjectNode n = (ObjectNode) new ObjectMapper().readTree(withdrawal.toJson());
            n.remove(field);

            assertThatThrownBy(() -> ChangeMessage.fromJson(n.toString()))
                    .as(field)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void readingJsonThatIsNoObject_throwsInvalidInput() {
        for (String json : List.of("", "[]", "null", "17", "\"text\"", "[" + withdrawal.toJson() + "]")) {
            assertThatThrownBy(() -> ChangeMessage.fromJson(json)).as(json).isInstanceOf(InvalidInputException.class);
        }
    }
}
