package dev.consent.spring;

import dev.consent.jdbc.SchemaMode;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * How the consent store's tables come to be in a Spring application. When the application migrates its
 * database with Flyway or Liquibase (a {@code Flyway} or {@code SpringLiquibase} bean in the context), the same
 * tool applies the library's scripts before the store is built, with a history of their own
 * ({@code <prefix>flyway_history}, or {@code <prefix>databasechangelog} and {@code <prefix>databasechangeloglock}),
 * so they never mix with the application's migrations, and the store opens in {@link SchemaMode#VALIDATE}.
 * Otherwise the store migrates its own tables at start ({@link SchemaMode#MIGRATE}).
 */
public class SchemaTools {
    private static final String FLYWAY = "org.flywaydb.core.Flyway";
    private static final String LIQUIBASE = "liquibase.integration.spring.SpringLiquibase";

    private final Tool tool;

    /** The tool that applies the scripts. */
    enum Tool {
        /** The store applies them itself. */
        STORE,
        /** A Flyway of the library's own, beside the application's. */
        FLYWAY,
        /** A Liquibase of the library's own, beside the application's. */
        LIQUIBASE
    }

    SchemaTools(Tool tool) {
        this.tool = tool;
    }

    /** The tool the application's context uses. */
    static SchemaTools of(ListableBeanFactory beans) {
        ClassLoader loader = SchemaTools.class.getClassLoader();
        if (ClassUtils.isPresent(FLYWAY, loader) && has(beans, FLYWAY, loader)) {
            return new SchemaTools(Tool.FLYWAY);
        }
        if (ClassUtils.isPresent(LIQUIBASE, loader) && has(beans, LIQUIBASE, loader)) {
            return new SchemaTools(Tool.LIQUIBASE);
        }
        return new SchemaTools(Tool.STORE);
    }

    private static boolean has(ListableBeanFactory beans, String type, ClassLoader loader) {
        return beans.getBeanNamesForType(ClassUtils.resolveClassName(type, loader), true, false).length > 0;
    }

    /** The tool in use. */
    Tool tool() {
        return tool;
    }

    /** The schema mode the store opens in when {@code consent.jdbc.schema-mode} is not set. */
    public SchemaMode defaultMode() {
        return tool == Tool.STORE ? SchemaMode.MIGRATE : SchemaMode.VALIDATE;
    }

    /**
     * Applies the library's scripts for the database behind {@code dataSource} with the tool, unless the store
     * does so itself or {@code mode} is not the default (an application that chose a mode runs its own way).
     */
    void apply(DataSource dataSource, String prefix, boolean partitioned, SchemaMode mode) {
        if (tool == Tool.STORE || mode != defaultMode()) {
            return;
        }
        ScriptFolder folder = ScriptFolder.of(dataSource, partitioned);
        if (tool == Tool.FLYWAY) {
            ToolRuns.flyway(dataSource, folder, prefix);
        } else {
            ToolRuns.liquibase(dataSource, folder, prefix);
        }
    }

    /** The placeholders of the scripts. */
    static Map<String, String> placeholders(String prefix) {
        return Map.of("prefix", prefix);
    }
}
