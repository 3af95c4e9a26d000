package dev.consent.spring.web;

import dev.consent.ConsentSystem;
import dev.consent.spring.ConsentAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of the Spring MVC support in a servlet web application with a {@link ConsentSystem} bean:
 * the exception mapping ({@link ConsentExceptionHandler}) and the message converters of
 * {@link dev.consent.AccessExport} and {@link dev.consent.TransparencyReport}, which Spring Boot puts before its
 * default converters. Each bean backs off when the application defines one of its type.
 */
@AutoConfiguration(after = ConsentAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, ProblemDetail.class})
@ConditionalOnBean(ConsentSystem.class)
@EnableConfigurationProperties(ConsentWebProperties.class)
public class ConsentWebAutoConfiguration {

    /** The exception mapping. */
    @Bean
    @ConditionalOnMissingBean
    ConsentExceptionHandler consentExceptionHandler(ConsentWebProperties properties) {
        return new ConsentExceptionHandler(properties.getRetryAfter());
    }

    /** Writes and reads an access export in the library's JSON. */
    @Bean
    @ConditionalOnMissingBean
    AccessExportHttpMessageConverter accessExportHttpMessageConverter() {
        return new AccessExportHttpMessageConverter();
    }

    /** Writes a transparency report in the library's JSON, or as its table. */
    @Bean
    @ConditionalOnMissingBean
    TransparencyReportHttpMessageConverter transparencyReportHttpMessageConverter() {
        return new TransparencyReportHttpMessageConverter();
    }
}
