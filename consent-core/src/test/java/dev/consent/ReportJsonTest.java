package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regressions: the JSON readers of {@link TransparencyReport} and {@link Tombstone} read a wrong type as 0
 * (a count of {@code "many"}, a position of {@code "17"} or {@code 1.5}), accepted negative counts and a
 * rate above 1, and answered a missing field with the text of a NullPointerException instead of its name.
 */
class ReportJsonTest {
    private static final TransparencyReport REPORT = new TransparencyReport(
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-02-01T00:00:00Z"),
            42,
            1,
            0,
            List.of(new TransparencyReport.Row(
                    "marketing.email", 2, LegalBasis.CONSENT, 2, 5, 1, 2, 0, 0, 3, 1, 1, 6, 4)));

    @Test
    void aReport_roundTrips() {
        assertThat(TransparencyReport.fromJson(REPORT.toJson())).isEqualTo(REPORT);
    }

    @Test
    void aVersionThatIsNotTheWholeNumberOne_isRejected_namingIt() {
        for (String bad : List.of("1.5", "true", "\"1\"", "2", "null")) {
            String json = REPORT.toJson().replace("\"reportVersion\":1", "\"reportVersion\":" + bad);
            assertThatThrownBy(() -> TransparencyReport.fromJson(json))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo("reportVersion");
        }
    }

    @Test
    void aCountThatIsNotAWholeNumber_isRejected_namingIt() {
        for (String bad : List.of("\"many\"", "1.5", "true", "null", "{}", "99999999999999999999")) {
            String json = REPORT.toJson().replace("\"grants\":5", "\"grants\":" + bad);
            assertThatThrownBy(() -> TransparencyReport.fromJson(json))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo("purposes[0].grants");
        }
    }

    @Test
    void aMissingField_isRejected_namingIt() {
        assertThatThrownBy(() -> TransparencyReport.fromJson(REPORT.toJson().replace("\"from\":", "\"fro\":")))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("from");
        assertThatThrownBy(() -> TransparencyReport.fromJson(REPORT.toJson().replace("\"askedAtEnd\":", "\"x\":")))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("purposes[0].askedAtEnd");
        assertThatThrownBy(() -> TransparencyReport.fromJson("{\"reportVersion\":1,\"from\":\"2026-01-01T00:00:00Z\","
                        + "\"to\":\"2026-02-01T00:00:00Z\",\"asOfPosition\":1,\"erasures\":0,\"deaths\":0}"))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("purposes");
    }

    @Test
    void badValues_areRejected_namingTheField() {
        assertThatThrownBy(() -> TransparencyReport.fromJson(REPORT.toJson().replace("\"CONSENT\"", "\"MAYBE\"")))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("purposes[0].legalBasis");
        assertThatThrownBy(() -> TransparencyReport.fromJson(REPORT.toJson().replace("2026-01-01T00:00:00Z", "Jan")))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("from");
        assertThatThrownBy(() -> TransparencyReport.fromJson(REPORT.toJson().replace("\"grants\":5", "\"grants\":-5")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("grants");
        assertThatThrownBy(() ->
                        TransparencyReport.fromJson(REPORT.toJson().replace("\"activeAtEnd\":3", "\"activeAtEnd\":7")))
                .as("a consent rate above 1")
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("activeAtEnd");
        assertThatThrownBy(() -> TransparencyReport.fromJson("\"a string\"")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TransparencyReport.fromJson("[".repeat(5_000)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aTombstonePositionThatIsNotAWholeNumber_isRejected_namingIt() {
        for (String bad : List.of("\"17\"", "1.5", "true", "null")) {
            String json = "{\"tombstoneVersion\":1,\"tombstones\":[{\"subject\":\"user-42\","
                    + "\"erasedAt\":\"2026-11-23T12:52:25.464Z\",\"position\":" + bad + "}]}";
            assertThatThrownBy(() -> Tombstone.fromJson(json))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field())
                    .isEqualTo("tombstones[0].position");
        }
    }

    @Test
    void aTombstoneSubjectThatIsNotText_isRejected_withoutShowingIt() {
        String json = "{\"tombstoneVersion\":1,\"tombstones\":[{\"subject\":[\"alice@example.com\"],"
                + "\"erasedAt\":\"2026-11-23T12:52:25.464Z\",\"position\":3}]}";

        assertThatThrownBy(() -> Tombstone.fromJson(json))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("alice")
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("tombstones[0].subject");
    }
}
