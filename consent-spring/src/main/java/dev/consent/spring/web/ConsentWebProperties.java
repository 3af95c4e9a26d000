package dev.consent.spring.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code consent.web.*} properties of the web mapping. */
@ConfigurationProperties("consent.web")
public class ConsentWebProperties {
    /** The Retry-After of a 503 answered when the consent store is unavailable (whole seconds, at least 1). */
    private Duration retryAfter = Duration.ofSeconds(5);

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }
}
