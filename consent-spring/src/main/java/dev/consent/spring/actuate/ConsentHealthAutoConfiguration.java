package dev.consent.spring.actuate;

import dev.consent.ConsentSystem;
import dev.consent.relay.Relay;
import dev.consent.spring.ConsentAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code consent} health indicator ({@link ConsentHealthIndicator}) when Spring Boot's
 * health support is on the classpath and there is a {@link ConsentSystem} bean. It reports on the
 * {@link Relay} beans of the context too. Off with {@code management.health.consent.enabled=false}; backs off
 * when the application defines a bean named {@code consentHealthIndicator} or {@code consentHealthContributor}.
 */
@AutoConfiguration(after = ConsentAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(ConsentSystem.class)
@ConditionalOnEnabledHealthIndicator("consent")
@EnableConfigurationProperties(ConsentHealthProperties.class)
public class ConsentHealthAutoConfiguration {

    /** The indicator, closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(name = {"consentHealthIndicator", "consentHealthContributor"})
    ConsentHealthIndicator consentHealthIndicator(
            ConsentSystem consent, ObjectProvider<Relay> relays, ConsentHealthProperties properties) {
        return new ConsentHealthIndicator(
                consent,
                () -> relays.orderedStream().toList(),
                properties.getTimeout(),
                properties.getFeedFailuresDown());
    }
}
