package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.testkit.behaviour.Fixtures;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The schema scripts applied by Flyway, configured as docs/stores.md says, on one database: Flyway creates the
 * schema the store's own MIGRATE creates and the store opens in {@link SchemaMode#VALIDATE}; beside the
 * application's own Flyway, each keeps its history; a second run applies nothing; after a library upgrade
 * VALIDATE refuses until Flyway applied the new scripts; and a schema the store migrated itself is taken over
 * with a baseline at its version.
 */
abstract class FlywayContract extends MigrationToolContract {
    /** The folder of this database's scripts, as a Flyway location: {@code classpath:dev/consent/jdbc/schema/h2}. */
    final String flywayLocation() {
        String folder = database().scriptFolder();
        return "classpath:" + folder.substring(0, folder.length() - 1);
    }

    /**
     * Flyway as docs/stores.md configures it: the dialect's folder as location, a history table of the
     * consent schema's own, the prefix as placeholder, and a baseline below V1 for a schema that already holds
     * the application's tables.
     */
    final FluentConfiguration flyway(String prefix) {
        return Flyway.configure()
                .dataSource(database().pool())
                .locations(flywayLocation())
                .table(prefix + "flyway_history")
                .placeholders(Map.of("prefix", prefix))
                .baselineOnMigrate(true)
                .baselineVersion("0");
    }

    @Test
    void appliesTheScripts_asTheStoreWould_andTheStoreOpensInValidate() {
        String prefix = freshPrefix();

        int executed = flyway(prefix).load().migrate().migrationsExecuted;

        assertThat(executed).isEqualTo(Schema.LATEST);
        assertThat(recordedVersions(prefix)).containsExactlyElementsOf(allVersions());
        assertThat(storeShape(prefix)).isEqualTo(migratedShape());
        assertTheStoreWorksOn(prefix);
    }

    /**
     * Why the baseline settings: on a schema that already holds the application's tables, Flyway without them
     * refuses to start, and so needs a baseline; a baseline at Flyway's default version 1 would skip V1.
     */
    @Test
    void withoutTheBaselineSettings_onASchemaHoldingOtherTables_refusesToStart() {
        String prefix = freshPrefix();
        sql().useHandle(h -> h.execute("CREATE TABLE " + prefix + "application_table (id INT NOT NULL PRIMARY KEY)"));

        assertThatThrownBy(() -> Flyway.configure()
                        .dataSource(database().pool())
                        .locations(flywayLocation())
                        .table(prefix + "flyway_history")
                        .placeholders(Map.of("prefix", prefix))
                        .load()
                        .migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("non-empty schema");
        assertThat(count(prefix + "application_table")).isZero();
    }

    @Test
    void besideTheApplicationsOwnFlyway_keepsItsOwnHistory() {
        String prefix = freshPrefix();
        Flyway application = Flyway.configure()
                .dataSource(database().pool())
                .locations("classpath:dev/consent/jdbc/application-migrations")
                .table(prefix + "application_history")
                .placeholders(Map.of("prefix", prefix))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        application.migrate();

        flyway(prefix).load().migrate();
        application.migrate();

        assertThat(application.info().applied())
                .filteredOn(i -> !i.getType().isBaseline())
                .extracting(i -> i.getVersion().getVersion(), MigrationInfo::getDescription)
                .containsExactly(Tuple.tuple("1", "application table"));
        assertThat(flyway(prefix).load().info().applied())
                .filteredOn(i -> !i.getType().isBaseline())
                .extracting(i -> Integer.valueOf(i.getVersion().getVersion()))
                .containsExactlyElementsOf(allVersions());
        assertThat(count(prefix + "application_table")).isZero();
        assertTheStoreWorksOn(prefix);
    }

    @Test
    void aSecondTime_appliesNothing_andKeepsTheRows() {
        String prefix = freshPrefix();
        flyway(prefix).load().migrate();
        ConsentSystem consent = system(store(prefix, SchemaMode.VALIDATE));
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("ada", EMAIL, Fixtures.WEB);
        List<String> shape = storeShape(prefix);

        int executed = flyway(prefix).load().migrate().migrationsExecuted;

        assertThat(executed).isZero();
        assertThat(storeShape(prefix)).isEqualTo(shape);
        assertThat(recordedVersions(prefix)).containsExactlyElementsOf(allVersions());
        assertThat(system(store(prefix, SchemaMode.VALIDATE))
                        .enforcer()
                        .check("ada", EMAIL)
                        .reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    /**
     * A library upgrade: the application's Flyway had applied the scripts of the older library (V1 to V5), so
     * the newer store refuses to open in VALIDATE, naming what is missing, until Flyway applied the rest.
     */
    @Test
    void afterALibraryUpgrade_validateRefusesUntilFlywayAppliedTheNewScripts() {
        String prefix = freshPrefix();
        flyway(prefix).target("5").load().migrate();

        assertThatThrownBy(() -> store(prefix, SchemaMode.VALIDATE))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("version 5")
                .hasMessageContaining("V6 to V" + Schema.LATEST);

        int executed = flyway(prefix).load().migrate().migrationsExecuted;

        assertThat(executed).isEqualTo(Schema.LATEST - 5);
        assertThat(storeShape(prefix)).isEqualTo(migratedShape());
        assertTheStoreWorksOn(prefix);
    }

    /** An application that let the store migrate and moves to Flyway: a baseline at the recorded version. */
    @Test
    void overTablesTheStoreMigrated_baselinedAtTheRecordedVersion_appliesNothing() {
        String prefix = freshPrefix();
        store(prefix, SchemaMode.MIGRATE);
        List<String> shape = storeShape(prefix);

        int executed = flyway(prefix)
                .baselineVersion(Integer.toString(Schema.LATEST))
                .load()
                .migrate()
                .migrationsExecuted;

        assertThat(executed).isZero();
        assertThat(storeShape(prefix)).isEqualTo(shape);
        assertTheStoreWorksOn(prefix);
    }
}
