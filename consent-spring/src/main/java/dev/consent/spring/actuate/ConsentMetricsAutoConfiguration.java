package dev.consent.spring.actuate;

import dev.consent.ConsentSystem;
import dev.consent.relay.Relay;
import dev.consent.spring.ConsentAutoConfiguration;
import dev.consent.spring.ConsentSystemCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the consent meters ({@link ConsentMetrics}) when Micrometer is on the classpath and
 * there are a {@link MeterRegistry} and a {@link ConsentSystem} bean; Spring Boot binds the {@link MeterBinder}
 * to every registry. Measures the {@link Relay} beans of the context too. Unless
 * {@code consent.metrics.decisions-by-reason=false}, it also makes the auto-configured system count its
 * decisions by reason (a {@link ConsentSystemCustomizer} calling
 * {@link ConsentSystem.Builder#countDecisions()}; an application customizer must then not call it again).
 * Backs off when the application defines its own {@link ConsentMetrics} bean.
 */
@AutoConfiguration(
        after = ConsentAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({MeterRegistry.class, ConsentSystem.class})
@EnableConfigurationProperties(ConsentMetricsProperties.class)
public class ConsentMetricsAutoConfiguration {

    /** The meters. */
    @Bean
    @ConditionalOnMissingBean
    ConsentMetrics consentMetrics(ConsentSystem consent, ObjectProvider<Relay> relays) {
        return new ConsentMetrics(consent, relays.orderedStream().toList());
    }

    /** Makes the auto-configured system count decisions by reason, unless the properties say otherwise. */
    @Bean
    ConsentSystemCustomizer consentDecisionCounting(ConsentMetricsProperties properties) {
        return properties.isDecisionsByReason() ? ConsentSystem.Builder::countDecisions : builder -> {};
    }
}
