package dev.consent.spring;

import java.util.Map;

/** The Spring transaction rules on MariaDB. */
class MariadbSpringTransactionsTest extends SpringTransactionsContract {
    @Override
    Map<String, Object> dataSource() {
        return ServerDatabases.mariadb();
    }

    @Override
    void dropTables(Map<String, Object> dataSource, String prefix) {
        ServerDatabases.dropTables(dataSource, prefix, false);
    }
}
