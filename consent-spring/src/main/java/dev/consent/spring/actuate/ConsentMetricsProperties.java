package dev.consent.spring.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code consent.metrics.*} properties of the consent meters. */
@ConfigurationProperties("consent.metrics")
public class ConsentMetricsProperties {
    /**
     * Whether the auto-configured consent system counts every decision by reason and the cache hits, for the
     * {@code consent.decisions} and {@code consent.cache.gets{result=hit}} meters. Each check then pays one
     * striped counter increment (no allocation, no lock).
     */
    private boolean decisionsByReason = true;

    public boolean isDecisionsByReason() {
        return decisionsByReason;
    }

    public void setDecisionsByReason(boolean decisionsByReason) {
        this.decisionsByReason = decisionsByReason;
    }
}
