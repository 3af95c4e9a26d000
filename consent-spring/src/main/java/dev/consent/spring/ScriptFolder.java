package dev.consent.spring;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The folder of the library's schema scripts for a database, named as Spring Boot's {@code {vendor}} names it,
 * and the Liquibase changelog for it.
 *
 * @param location the folder, {@code dev/consent/jdbc/schema/<vendor>}
 * @param changelog the Liquibase changelog that covers it
 */
record ScriptFolder(String location, String changelog) {
    private static final String BASE = "dev/consent/jdbc/schema/";

    static ScriptFolder of(DataSource dataSource, boolean partitioned) {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not read the database product name to pick the consent schema scripts", e);
        }
        String vendor;
        if (product.contains("h2")) {
            vendor = "h2";
        } else if (product.contains("postgres")) {
            vendor = partitioned ? "postgresql-partitioned" : "postgresql";
        } else if (product.contains("mariadb")) {
            vendor = "mariadb";
        } else if (product.contains("mysql")) {
            vendor = "mysql";
        } else {
            throw new IllegalStateException("the consent store has no schema scripts for database " + product);
        }
        String changelog = vendor.equals("postgresql-partitioned")
                ? BASE + "changelog-postgresql-partitioned.xml"
                : BASE + "changelog.xml";
        return new ScriptFolder(BASE + vendor, changelog);
    }
}
