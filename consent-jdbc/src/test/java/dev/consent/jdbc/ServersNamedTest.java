package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Where the build demands the MariaDB tests (continuous integration sets {@code consent.test.requireMariadb}),
 * their silent skipping is a failure: the server must be named and answer.
 */
@EnabledIfSystemProperty(named = "consent.test.requireMariadb", matches = "true")
class ServersNamedTest {
    @Test
    void mariadb_isNamed_andAnswers() {
        assertThat(System.getProperty(TestDatabase.MARIADB_URL))
                .as("-D%s must name the MariaDB server when MariaDB tests are required", TestDatabase.MARIADB_URL)
                .isNotBlank();
        Integer one = org.jdbi.v3.core.Jdbi.create(TestDatabase.mariadb().pool())
                .withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        assertThat(one).isEqualTo(1);
    }
}
