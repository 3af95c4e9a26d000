package dev.consent.spring;

import java.util.Map;

/** The Spring transaction rules on PostgreSQL. */
class PostgresSpringTransactionsTest extends SpringTransactionsContract {
    @Override
    Map<String, Object> dataSource() {
        return ServerDatabases.postgres();
    }

    @Override
    void dropTables(Map<String, Object> dataSource, String prefix) {
        ServerDatabases.dropTables(dataSource, prefix, true);
    }
}
