package dev.consent.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jar carries the configuration metadata of every {@code consent.*} property (for IDE completion and
 * documentation), generated from the properties classes with their Javadoc as descriptions.
 */
class ConsentConfigurationMetadataTest {
    @Test
    void everyConsentPropertyIsDescribed_withItsTypeAndDefault() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            new ObjectMapper()
                    .readTree(in)
                    .get("properties")
                    .forEach(p -> properties.put(p.get("name").asText(), p));
        }

        assertThat(properties)
                .containsKeys(
                        "consent.store",
                        "consent.cache-maximum-size",
                        "consent.feed-poll-interval",
                        "consent.outage-policy",
                        "consent.purposes",
                        "consent.jdbc.schema-mode",
                        "consent.health.timeout",
                        "consent.health.feed-failures-down",
                        "consent.metrics.decisions-by-reason",
                        "consent.web.retry-after");
        assertThat(properties.values())
                .allSatisfy(p -> assertThat(p.path("description").asText()).isNotBlank());
        assertThat(properties.get("consent.health.timeout").get("type").asText())
                .isEqualTo("java.time.Duration");
        assertThat(properties.get("consent.health.timeout").get("defaultValue").asText())
                .isEqualTo("2s");
        assertThat(properties.get("consent.web.retry-after").get("defaultValue").asText())
                .isEqualTo("5s");
        assertThat(properties
                        .get("consent.metrics.decisions-by-reason")
                        .get("defaultValue")
                        .asBoolean())
                .isTrue();
    }
}
