package dev.consent.spring;

import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.jdbc.SchemaMode;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/** Builds the JDBC store from the {@code consent.jdbc.*} properties and the customizers. */
final class StoreFactory {
    /** The store's default table prefix. */
    static final String DEFAULT_PREFIX = "consent_";

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
        SchemaMode mode = properties.getSchemaMode() != null ? properties.getSchemaMode() : schemaTools.defaultMode();
        builder.schemaMode(mode);
        String prefix = properties.getTablePrefix() != null ? properties.getTablePrefix() : DEFAULT_PREFIX;
        schemaTools.apply(dataSource, prefix, properties.isPartitionedBySubject(), mode);
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
