package dev.consent.spring;

import dev.consent.ConsentSystem;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.TransactionJoin;
import java.time.Clock;
import java.util.Base64;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Spring Boot auto-configuration of the consent system: a {@link JdbcConsentStore} over the application's
 * {@code DataSource} (created after Flyway, Liquibase and {@code spring.sql.init} have run), or the in-memory
 * store when there is none; a {@link ConsentSystem} built from the {@code consent.*} properties, the
 * application's {@link Clock} bean when there is one and {@link ConsentSystemCustomizer} beans, whose consent
 * writes join Spring-managed transactions ({@link SpringTransactionJoin}); and the purposes of
 * {@code consent.purposes} and of {@code Purpose} beans, defined at start. Every bean backs off when the
 * application defines its own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"
        })
@EnableConfigurationProperties(ConsentProperties.class)
@Import({ConsentAutoConfiguration.JdbcStore.class, ConsentAutoConfiguration.MemoryStore.class})
public class ConsentAutoConfiguration {

    /** The JDBC store over the application's one DataSource, unless {@code consent.store=memory}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(DataSource.class)
    @ConditionalOnExpression("'${consent.store:auto}'.toLowerCase() != 'memory'")
    static class JdbcStore {
        @Bean
        @ConditionalOnMissingBean(ConsentStore.class)
        @DependsOnDatabaseInitialization
        JdbcConsentStore consentStore(
                DataSource dataSource,
                ConsentProperties properties,
                SchemaTools schemaTools,
                ObjectProvider<ConsentJdbcStoreCustomizer> customizers) {
            return StoreFactory.jdbc(dataSource, properties.getJdbc(), schemaTools, customizers);
        }

        @Bean
        @ConditionalOnMissingBean
        SchemaTools consentSchemaTools(org.springframework.beans.factory.ListableBeanFactory beans) {
            return SchemaTools.of(beans);
        }

        @Bean
        @ConditionalOnMissingBean(TransactionJoin.class)
        @ConditionalOnBean(JdbcConsentStore.class)
        @ConditionalOnExpression("${consent.join-transactions:true}")
        SpringTransactionJoin consentTransactionJoin(DataSource dataSource, JdbcConsentStore store) {
            return new SpringTransactionJoin(dataSource, store);
        }
    }

    /** The in-memory store, when no other store bean exists. */
    @Configuration(proxyBeanMethods = false)
    static class MemoryStore {
        @Bean
        @ConditionalOnMissingBean(ConsentStore.class)
        InMemoryConsentStore consentStore(ConsentProperties properties) {
            if (properties.getStore() == ConsentProperties.StoreType.JDBC) {
                throw new IllegalStateException("consent.store=jdbc, but the application has no single DataSource bean"
                        + " for the consent store: define one (spring.datasource.url), or mark one @Primary");
            }
            return new InMemoryConsentStore();
        }
    }

    /**
     * The consent system, closed with the context (the store stays the application's). Built after the store,
     * so after the database's initialisation; the purposes are defined before it is handed out.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    ConsentSystem consentSystem(
            ConsentStore store,
            ConsentProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<TransactionJoin> join,
            ObjectProvider<ConsentSystemCustomizer> customizers,
            ObjectProvider<dev.consent.Purpose> purposes) {
        ConsentSystem.Builder builder = ConsentSystem.builder().store(store);
        clock.ifAvailable(builder::clock);
        join.ifAvailable(builder::transactionJoin);
        if (properties.getCacheMaximumSize() != null) {
            builder.cacheMaximumSize(properties.getCacheMaximumSize());
        }
        if (properties.getCacheExpireAfterWrite() != null) {
            builder.cacheExpireAfterWrite(properties.getCacheExpireAfterWrite());
        }
        if (properties.getFutureTolerance() != null) {
            builder.futureTolerance(properties.getFutureTolerance());
        }
        if (properties.getConflictRetries() != null) {
            builder.conflictRetries(properties.getConflictRetries());
        }
        if (properties.getOutagePolicy() != null) {
            builder.outagePolicy(properties.getOutagePolicy());
        }
        if (properties.getFeedPollInterval() != null) {
            builder.feedPollInterval(properties.getFeedPollInterval());
        }
        if (properties.getIntegrityKey() != null) {
            builder.integrityKey(integrityKey(properties.getIntegrityKey()));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        ConsentSystem consent = builder.build();
        try {
            PurposeDefinitions.define(
                    consent, properties.getPurposes(), purposes.orderedStream().toList());
        } catch (RuntimeException e) {
            consent.close();
            throw e;
        }
        return consent;
    }

    private static byte[] integrityKey(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("consent.integrity-key is not Base64 (its value is not shown)", e);
        }
    }
}
