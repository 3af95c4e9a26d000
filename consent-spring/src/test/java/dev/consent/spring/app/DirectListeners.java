package dev.consent.spring.app;

import dev.consent.spring.ConsentSystemCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Delivers listener calls on the committing thread, so tests can count them right after a commit. */
@Configuration(proxyBeanMethods = false)
public class DirectListeners {
    @Bean
    ConsentSystemCustomizer directListenerDelivery() {
        return builder -> builder.listenerExecutor(Runnable::run);
    }
}
