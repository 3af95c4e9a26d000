package dev.consent.spring;

import dev.consent.jdbc.SchemaMode;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * How the consent store's tables come to be in a Spring application: by the store itself at start
 * ({@link SchemaMode#MIGRATE}), unless the application migrates its database with a tool, which then applies the
 * library's scripts too.
 */
public class SchemaTools {
    private final SchemaMode defaultMode;

    SchemaTools(SchemaMode defaultMode) {
        this.defaultMode = defaultMode;
    }

    /** The tools of the application's context. */
    static SchemaTools of(ListableBeanFactory beans) {
        return new SchemaTools(SchemaMode.MIGRATE);
    }

    /** The schema mode the store opens in when {@code consent.jdbc.schema-mode} is not set. */
    public SchemaMode defaultMode() {
        return defaultMode;
    }
}
