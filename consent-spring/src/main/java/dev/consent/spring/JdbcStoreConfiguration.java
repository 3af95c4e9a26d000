package dev.consent.spring;

import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.TransactionJoin;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The JDBC store over the application's one DataSource, unless {@code consent.store=memory}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnExpression("'${consent.store:auto}'.toLowerCase() != 'memory'")
class JdbcStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(ConsentStore.class)
    @DependsOnDatabaseInitialization
    JdbcConsentStore consentJdbcStore(
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
