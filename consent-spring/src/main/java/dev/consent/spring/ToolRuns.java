package dev.consent.spring;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Runs Flyway or Liquibase over the library's scripts, each with a history of its own. Loaded only when the
 * tool is on the class path.
 */
final class ToolRuns {
    private ToolRuns() {}

    /**
     * Flyway with its history in {@code <prefix>flyway_history}. On its first run over tables the store made
     * itself, it starts from the version they record (a baseline), so nothing is applied twice; over a schema
     * that holds only the application's tables, it starts below V1.
     */
    static void flyway(DataSource dataSource, ScriptFolder folder, String prefix) {
        Flyway.configure(ToolRuns.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:" + folder.location())
                .table(prefix + "flyway_history")
                .placeholders(SchemaTools.placeholders(prefix))
                .baselineOnMigrate(true)
                .baselineVersion(Integer.toString(recordedVersion(dataSource, prefix)))
                .baselineDescription("consent tables made by the store itself")
                .load()
                .migrate();
    }

    /** Liquibase with its change log in {@code <prefix>databasechangelog} and lock in {@code <prefix>databasechangeloglock}. */
    static void liquibase(DataSource dataSource, ScriptFolder folder, String prefix) {
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource);
        liquibase.setChangeLog("classpath:" + folder.changelog());
        liquibase.setChangeLogParameters(SchemaTools.placeholders(prefix));
        liquibase.setDatabaseChangeLogTable(prefix + "databasechangelog");
        liquibase.setDatabaseChangeLogLockTable(prefix + "databasechangeloglock");
        liquibase.setResourceLoader(new DefaultResourceLoader(ToolRuns.class.getClassLoader()));
        try {
            liquibase.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("Liquibase could not apply the consent schema scripts", e);
        }
    }

    /** The schema version the store recorded in {@code <prefix>schema_version}, or 0 if it has no such table. */
    private static int recordedVersion(DataSource dataSource, String prefix) {
        try (Connection c = dataSource.getConnection()) {
            try (ResultSet r =
                    c.createStatement().executeQuery("SELECT MAX(version) FROM " + prefix + "schema_version")) {
                return r.next() ? r.getInt(1) : 0;
            } catch (SQLException noTable) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                return 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the consent schema version", e);
        }
    }
}
