package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.testkit.behaviour.Fixtures;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway and Liquibase on H2 in memory; and, once, what depends on no database: how Flyway reads a location
 * from a jar, and the changelog's default prefix.
 */
class MigrationToolsOnH2Test {
    @Nested
    class WithFlyway extends FlywayContract {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }

        /**
         * Applications read the scripts from the consent-jdbc jar, where the folder {@code postgresql} is a sibling
         * of {@code postgresql-partitioned}: Flyway's location {@code .../postgresql} finds the seven scripts of its
         * own folder only (two of each version would fail Flyway).
         */
        @Test
        void readingAJar_findsTheScriptsOfTheLocationOnly_notOfASiblingWhoseNameItBegins(@TempDir Path dir)
                throws Exception {
            Path jar = dir.resolve("scripts.jar");
            try (OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file)) {
                out.putNextEntry(new JarEntry("jarred/"));
                out.putNextEntry(new JarEntry("jarred/schema/"));
                for (String folder : List.of("postgresql", "postgresql-partitioned")) {
                    out.putNextEntry(new JarEntry("jarred/schema/" + folder + "/"));
                    for (int v = 1; v <= Schema.LATEST; v++) {
                        String script = "V" + v + "__" + Schema.DESCRIPTIONS[v] + ".sql";
                        out.putNextEntry(new JarEntry("jarred/schema/" + folder + "/" + script));
                        try (InputStream in = getClass()
                                .getClassLoader()
                                .getResourceAsStream("dev/consent/jdbc/schema/" + folder + "/" + script)) {
                            in.transferTo(out);
                        }
                    }
                }
            }
            String prefix = freshPrefix();

            List<MigrationInfo> pending;
            try (URLClassLoader loader = new URLClassLoader(
                    new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
                pending = List.of(Flyway.configure(loader)
                        .dataSource(database().pool())
                        .locations("classpath:jarred/schema/postgresql")
                        .table(prefix + "flyway_history")
                        .placeholders(Map.of("prefix", prefix))
                        .load()
                        .info()
                        .pending());
            }

            assertThat(pending)
                    .extracting(i -> Integer.valueOf(i.getVersion().getVersion()))
                    .containsExactlyElementsOf(allVersions());
            assertThat(pending).allSatisfy(i -> assertThat(i.getScript()).doesNotContain("partitioned"));
        }
    }

    @Nested
    class WithLiquibase extends LiquibaseContract {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }

        /** The changelog without parameters makes the tables of the store's default prefix. */
        @Test
        void withoutThePrefixParameter_makesTheTablesOfTheStoresDefaultPrefix() throws Exception {
            JdbcDataSource own = new JdbcDataSource();
            own.setURL("jdbc:h2:mem:defaults-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            closeAfter(() -> {
                try (Connection c = own.getConnection()) {
                    c.createStatement().execute("SHUTDOWN");
                }
            });

            quietly(() -> {
                try (Liquibase liquibase = quiet(new Liquibase(
                        "dev/consent/jdbc/schema/changelog.xml",
                        new ClassLoaderResourceAccessor(),
                        DatabaseFactory.getInstance()
                                .findCorrectDatabaseImplementation(new JdbcConnection(own.getConnection()))))) {
                    liquibase.update(new Contexts(), new LabelExpression());
                }
            });

            JdbcConsentStore store = closeAfter(JdbcConsentStore.builder(own)
                    .schemaMode(SchemaMode.VALIDATE)
                    .build());
            assertThat(store.tablePrefix()).isEqualTo("consent_");
            ConsentSystem consent = system(store);
            Fixtures.defineStandard(consent.purposes());
            consent.ledger().grant("ada", EMAIL, Fixtures.WEB);
            assertThat(consent.enforcer().check("ada", EMAIL).allowed()).isTrue();
        }
    }
}
