package dev.consent.spring;

import dev.consent.ConsentSystem;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Auto-configuration of {@link RequiresConsent}: the {@link RequiresConsentAdvisor} over the {@link ConsentSystem}
 * bean's enforcer, and an auto-proxy creator if the application has none (Spring Boot's AOP auto-configuration
 * usually registers it, with class-based proxies). Backs off when the application defines its own
 * {@link RequiresConsentAdvisor}.
 */
@AutoConfiguration(
        after = ConsentAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration")
@ConditionalOnClass(StaticMethodMatcherPointcutAdvisor.class)
@ConditionalOnBean(ConsentSystem.class)
@Import(ConsentAnnotationAutoConfiguration.AutoProxying.class)
public class ConsentAnnotationAutoConfiguration {

    /**
     * The advisor: infrastructure, so that every auto-proxy creator applies it; static, and resolving the system
     * only at the first call, so that creating it creates no other bean.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static RequiresConsentAdvisor requiresConsentAdvisor(ObjectProvider<ConsentSystem> consent) {
        return new RequiresConsentAdvisor(() -> consent.getObject().enforcer());
    }

    /** Registers Spring's infrastructure auto-proxy creator unless one (or a more capable one) is registered. */
    static class AutoProxying implements ImportBeanDefinitionRegistrar {
        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }
}
