package dev.consent.spring;

import java.util.Map;
import java.util.UUID;

/** The Spring transaction rules on H2 in memory, the embedded default. */
class H2SpringTransactionsTest extends SpringTransactionsContract {
    @Override
    Map<String, Object> dataSource() {
        return Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:spring-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "spring.datasource.username",
                "sa",
                "spring.datasource.password",
                "");
    }
}
