package dev.consent.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.spring.app.Owners;
import dev.consent.spring.app.TestApplication;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * In an application that migrates with Flyway or Liquibase, the same tool applies the consent scripts, with a
 * history of their own beside the application's, and the store opens in VALIDATE mode; without either, the
 * store migrates its own tables. On H2; the scripts themselves are tested with both tools on every database in
 * consent-jdbc.
 */
class MigrationToolsTest {

    @Test
    void withFlyway_theConsentScriptsHaveAFlywayHistoryOfTheirOwn_andTheStoreValidates() {
        try (ConfigurableApplicationContext context = start(Map.of("spring.liquibase.enabled", "false"))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(
                            count(
                                    jdbc,
                                    "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"script\" = 'V1__application_pets.sql'"))
                    .as("the application's")
                    .isOne();
            assertThat(
                            count(
                                    jdbc,
                                    "SELECT COUNT(*) FROM \"consent_flyway_history\" WHERE \"success\" AND \"script\" LIKE 'V%'"))
                    .as("the consent scripts' own history")
                    .isEqualTo(10);
            assertThat(context.getBean(SchemaTools.class).defaultMode())
                    .isEqualTo(dev.consent.jdbc.SchemaMode.VALIDATE);
            works(context);
        }
    }

    @Test
    void withLiquibase_theConsentChangelogHasTablesOfItsOwn_andTheStoreValidates() {
        try (ConfigurableApplicationContext context = start(Map.of("spring.flyway.enabled", "false"))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(count(jdbc, "SELECT COUNT(*) FROM DATABASECHANGELOG"))
                    .as("the application's")
                    .isOne();
            assertThat(count(jdbc, "SELECT COUNT(*) FROM consent_databasechangelog"))
                    .as("the consent changelog's own")
                    .isEqualTo(10);
            assertThat(context.getBean(SchemaTools.class).defaultMode())
                    .isEqualTo(dev.consent.jdbc.SchemaMode.VALIDATE);
            works(context);
        }
    }

    @Test
    void withNeither_theStoreMigratesItsOwnTables() {
        try (ConfigurableApplicationContext context =
                start(Map.of("spring.flyway.enabled", "false", "spring.liquibase.enabled", "false"))) {
            assertThat(context.getBean(SchemaTools.class).defaultMode()).isEqualTo(dev.consent.jdbc.SchemaMode.MIGRATE);
            works(context);
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> tools) {
        Map<String, Object> properties = new HashMap<>(tools);
        properties.put("spring.datasource.url", "jdbc:h2:mem:tools-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        properties.put("spring.jpa.hibernate.ddl-auto", "create-drop");
        properties.put("spring.main.banner-mode", "off");
        properties.put("consent.purposes[0].id", Owners.NEWSLETTER);
        properties.put("consent.purposes[0].title", "Newsletter");
        properties.put("consent.purposes[0].description", "News by email.");
        return new SpringApplicationBuilder(TestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    private static void works(ConfigurableApplicationContext context) {
        ConsentSystem consent = context.getBean(ConsentSystem.class);
        consent.ledger().grant("owner-1", Owners.NEWSLETTER, Owners.FORM);
        assertThat(consent.enforcer().check("owner-1", Owners.NEWSLETTER).reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    private static int count(JdbcTemplate jdbc, String sql) {
        Integer n = jdbc.queryForObject(sql, Integer.class);
        return n == null ? 0 : n;
    }
}
