package dev.consent.jdbc;

/** What the store does with its tables when it starts. */
public enum SchemaMode {
    /**
     * Creates the tables or brings them up to this library's schema version, recording each applied version
     * in the {@code schema_version} table; refuses a schema newer than the library. The default.
     */
    MIGRATE,
    /**
     * Touches nothing, but checks that the schema version recorded in the database is the library's; for
     * applications that apply the scripts under {@link Dialect#scriptFolder()} with their own migration tool,
     * replacing {@code ${prefix}} with the table prefix. Each script records its version itself. The folders
     * serve as Flyway locations (placeholder {@code prefix}), {@code dev/consent/jdbc/schema/changelog.xml} as a
     * Liquibase changelog (parameter {@code prefix}); MySQL 8 takes the scripts of
     * {@code dev/consent/jdbc/schema/mysql/}. See docs/stores.md, "Your own migration tool".
     */
    VALIDATE,
    /** Touches and checks nothing: the application vouches for the schema. */
    NONE
}
