package dev.consent.testkit.retention;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.retention.Retention;
import dev.consent.retention.RetentionRule;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.BehaviourContract;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * What the retention contracts share: two consent purposes of different categories, grants that carry evidence,
 * and retention over the test's store with the test clock.
 */
public abstract class RetentionFixture extends BehaviourContract {
    /** Consent, category {@code Marketing}, never expires. */
    protected static final String MARKETING = "marketing.newsletter";
    /** Consent, category {@code Service}, never expires. */
    protected static final String SERVICE = "service.updates";

    /** The IP address of the evidence every grant of the tests carries. */
    protected static final String IP = "203.0.113.77";
    /** A web context with evidence. */
    protected static final CollectionContext WEB = CollectionContext.builder(Channel.WEB)
            .collectionPoint("signup_form_v3")
            .evidence(Evidence.of(IP, "Mozilla/5.0 (retention test)"))
            .build();

    /** A system over the test's store with {@link #MARKETING} and {@link #SERVICE} defined. */
    protected final ConsentSystem consent() {
        ConsentSystem cs = system();
        cs.purposes().define(purpose(MARKETING, "Marketing"));
        cs.purposes().define(purpose(SERVICE, "Service"));
        return cs;
    }

    /** A consent purpose of {@code category}. */
    protected static Purpose purpose(String id, String category) {
        return Purpose.builder(id)
                .title("Title of " + id)
                .description("What " + id + " is for.")
                .legalBasis(LegalBasis.CONSENT)
                .category(category)
                .build();
    }

    /** Retention over {@code cs} and the store {@code over}, with the test clock and {@code rules}. */
    protected final Retention retention(ConsentSystem cs, ConsentStore over, RetentionRule... rules) {
        Retention.Builder b = Retention.builder().consent(cs).store(over).clock(clock);
        for (RetentionRule r : rules) {
            b.rule(r);
        }
        return b.build();
    }

    /** Moves the test clock to {@code period} after {@code instant}, in UTC. */
    protected final void moveTo(Instant instant, Period period) {
        Instant target = instant.atZone(ZoneOffset.UTC).plus(period).toInstant();
        clock.advance(Duration.between(clock.instant(), target));
    }

    /** The i-th test subject. */
    protected static String subject(int i) {
        return "user-" + i;
    }
}
