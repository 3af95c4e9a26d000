package dev.consent.spring;

import dev.consent.jdbc.JdbcConsentStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/** Builds the JDBC store from the {@code consent.jdbc.*} properties and the customizers. */
final class StoreFactory {
    private StoreFactory() {}

    static JdbcConsentStore jdbc(
            DataSource dataSource,
            ConsentProperties.Jdbc properties,
            SchemaTools schemaTools,
            ObjectProvider<ConsentJdbcStoreCustomizer> customizers) {
        JdbcConsentStore.Builder builder = JdbcConsentStore.builder(dataSource);
        if (properties.getTablePrefix() != null) {
            builder.tablePrefix(properties.getTablePrefix());
        }
        builder.schemaMode(properties.getSchemaMode() != null ? properties.getSchemaMode() : schemaTools.defaultMode());
        if (properties.getQueryTimeout() != null) {
            builder.queryTimeout(properties.getQueryTimeout());
        }
        if (properties.getDurableH2Commits() != null) {
            builder.durableH2Commits(properties.getDurableH2Commits());
        }
        if (properties.isPartitionedBySubject()) {
            builder.partitionedBySubject();
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }
}
