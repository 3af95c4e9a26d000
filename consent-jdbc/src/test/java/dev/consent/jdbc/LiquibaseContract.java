package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.testkit.behaviour.Fixtures;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.junit.jupiter.api.Test;

/**
 * The schema scripts applied by Liquibase through the changelog, configured as docs/stores.md says, on one
 * database: Liquibase creates the schema the store's own MIGRATE creates and the store opens in
 * {@link SchemaMode#VALIDATE}; a second update runs nothing; after a library upgrade VALIDATE refuses until
 * Liquibase ran the new change sets; and over a schema the store migrated itself every change set is marked
 * as ran without running.
 */
abstract class LiquibaseContract extends MigrationToolContract {
    /** Liquibase logs each change set through java.util.logging: its warnings only (held, so the level stays). */
    private static final Logger LIQUIBASE_LOG = quiet(Logger.getLogger("liquibase"));

    /** The changelog for this database's schema layout. */
    final String changelog() {
        return database().partitioned()
                ? "dev/consent/jdbc/schema/changelog-postgresql-partitioned.xml"
                : "dev/consent/jdbc/schema/changelog.xml";
    }

    /** Liquibase's update with the changelog, the prefix as parameter and change-log tables of the prefix. */
    final void liquibaseUpdate(String prefix) throws Exception {
        quietly(() -> {
            try (Liquibase liquibase = liquibase(prefix)) {
                liquibase.setChangeLogParameter("prefix", prefix);
                liquibase.update(new Contexts(), new LabelExpression());
            }
        });
    }

    /** The change sets Liquibase recorded as ran, in order, with how: by id, then EXECUTED or MARK_RAN. */
    final List<String> liquibaseRan(String prefix) throws Exception {
        List<String> ran = new ArrayList<>();
        quietly(() -> {
            try (Liquibase liquibase = liquibase(prefix)) {
                for (RanChangeSet c : liquibase.getDatabase().getRanChangeSetList()) {
                    ran.add(c.getId() + " " + c.getExecType());
                }
            }
        });
        return ran;
    }

    /** Runs Liquibase with what it tells the user (printed to standard output by default) sent to its log. */
    static void quietly(Scope.ScopedRunner run) throws Exception {
        Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), run);
    }

    /** A Liquibase whose update summaries go to its log, not to standard output. */
    static Liquibase quiet(Liquibase liquibase) {
        liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
        return liquibase;
    }

    private static Logger quiet(Logger log) {
        log.setLevel(Level.WARNING);
        return log;
    }

    private Liquibase liquibase(String prefix) throws Exception {
        Connection c = database().pool().getConnection();
        Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        db.setDatabaseChangeLogTableName(prefix + "changelog");
        db.setDatabaseChangeLogLockTableName(prefix + "changelog_lock");
        return quiet(new Liquibase(changelog(), new ClassLoaderResourceAccessor(), db));
    }

    @Test
    void appliesTheChangelog_asTheStoreWould_andTheStoreOpensInValidate() throws Exception {
        String prefix = freshPrefix();

        liquibaseUpdate(prefix);

        assertThat(liquibaseRan(prefix))
                .hasSize(Schema.LATEST)
                .allSatisfy(c -> assertThat(c).endsWith(" EXECUTED"));
        assertThat(recordedVersions(prefix)).containsExactlyElementsOf(allVersions());
        assertThat(storeShape(prefix)).isEqualTo(migratedShape());
        assertTheStoreWorksOn(prefix);
    }

    @Test
    void aSecondTime_runsNothing_andKeepsTheRows() throws Exception {
        String prefix = freshPrefix();
        liquibaseUpdate(prefix);
        ConsentSystem consent = system(store(prefix, SchemaMode.VALIDATE));
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("ada", EMAIL, Fixtures.WEB);
        List<String> ran = liquibaseRan(prefix);
        List<String> shape = storeShape(prefix);

        liquibaseUpdate(prefix);

        assertThat(liquibaseRan(prefix)).isEqualTo(ran);
        assertThat(storeShape(prefix)).isEqualTo(shape);
        assertThat(system(store(prefix, SchemaMode.VALIDATE))
                        .enforcer()
                        .check("ada", EMAIL)
                        .reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    /**
     * Liquibase after a library upgrade: the changelog of the older library had run (its change sets are
     * those of V1 to V5 here), so VALIDATE refuses until Liquibase ran the new change sets.
     */
    @Test
    void afterALibraryUpgrade_validateRefusesUntilLiquibaseRanTheNewChangeSets() throws Exception {
        String prefix = freshPrefix();
        quietly(() -> {
            try (Liquibase liquibase = liquibase(prefix)) {
                liquibase.setChangeLogParameter("prefix", prefix);
                liquibase.update(5, new Contexts(), new LabelExpression());
            }
        });
        assertThatThrownBy(() -> store(prefix, SchemaMode.VALIDATE))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("version 5")
                .hasMessageContaining("V6 to V" + Schema.LATEST);

        liquibaseUpdate(prefix);

        assertThat(liquibaseRan(prefix)).hasSize(Schema.LATEST);
        assertThat(storeShape(prefix)).isEqualTo(migratedShape());
        assertTheStoreWorksOn(prefix);
    }

    /** An application that let the store migrate and moves to Liquibase: each change set is marked as ran. */
    @Test
    void overTablesTheStoreMigrated_marksEveryChangeSetRan_andRunsNone() throws Exception {
        String prefix = freshPrefix();
        store(prefix, SchemaMode.MIGRATE);
        List<String> shape = storeShape(prefix);

        liquibaseUpdate(prefix);

        assertThat(liquibaseRan(prefix))
                .hasSize(Schema.LATEST)
                .allSatisfy(c -> assertThat(c).endsWith(" MARK_RAN"));
        assertThat(storeShape(prefix)).isEqualTo(shape);
        assertTheStoreWorksOn(prefix);
    }
}
