package dev.consent.spring;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-memory store, when no other store bean exists. */
@Configuration(proxyBeanMethods = false)
class MemoryStoreConfiguration {
    @Bean
    @ConditionalOnMissingBean(ConsentStore.class)
    InMemoryConsentStore consentMemoryStore(ConsentProperties properties) {
        if (properties.getStore() == ConsentProperties.StoreType.JDBC) {
            throw new IllegalStateException("consent.store=jdbc, but the application has no single DataSource bean"
                    + " for the consent store: define one (spring.datasource.url), or mark one @Primary");
        }
        return new InMemoryConsentStore();
    }
}
