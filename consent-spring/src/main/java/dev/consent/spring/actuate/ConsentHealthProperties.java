package dev.consent.spring.actuate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code consent.health.*} properties of the {@code consent} health indicator. */
@ConfigurationProperties("consent.health")
public class ConsentHealthProperties {
    /** How long the indicator waits for the store to answer before it reports DOWN. */
    private Duration timeout = Duration.ofSeconds(2);

    /** Failed change-feed polls in a row from which the indicator reports DOWN. */
    private int feedFailuresDown = 3;

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getFeedFailuresDown() {
        return feedFailuresDown;
    }

    public void setFeedFailuresDown(int feedFailuresDown) {
        this.feedFailuresDown = feedFailuresDown;
    }
}
