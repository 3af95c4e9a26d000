package dev.consent.testkit.behaviour;

import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.Evidence;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.PurposeRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Purposes and collection contexts the behaviour suites share. */
public final class Fixtures {
    /** Where every test clock starts: a Tuesday, 14:14 UTC. */
    public static final Instant START = Instant.parse("2024-03-05T14:14:00Z");

    /** Consent, expires after {@link #EMAIL_MAX_AGE}, group {@code marketing}, one recipient. */
    public static final String EMAIL = "marketing.email";
    /** Consent, never expires, group {@code marketing}. */
    public static final String SMS = "marketing.sms";
    /** Legitimate interest. */
    public static final String ANALYTICS = "analytics.product";
    /** Contract. */
    public static final String BILLING = "billing.invoices";
    /** A purpose id no test defines. */
    public static final String UNDEFINED = "never.defined";

    /** The recipient version 1 of {@link #EMAIL} names. */
    public static final String MAILER = "Mailer Ltd (processor)";

    /** How long a consent to {@link #EMAIL} lasts: about 13 months. */
    public static final Duration EMAIL_MAX_AGE = Duration.ofDays(395);

    /** The simplest context: the subject, on the web, at the sign-up form. */
    public static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "signup_form_v3");

    /** A data protection officer acting through the API, as erasures and their tombstones are written. */
    public static final CollectionContext DPO = CollectionContext.builder(Channel.API)
            .collectionPoint("dsar_portal")
            .actor(Actor.operator("dpo-1"))
            .build();

    private Fixtures() {}

    /** Version 1 of {@link #EMAIL}. */
    public static Purpose email() {
        return Purpose.builder(EMAIL)
                .title("Marketing e-mail")
                .description("News and offers by e-mail, about once a month.")
                .legalBasis(LegalBasis.CONSENT)
                .group("marketing")
                .maxAge(EMAIL_MAX_AGE)
                .recipients(List.of(MAILER))
                .build();
    }

    /** Version 1 of {@link #SMS}. */
    public static Purpose sms() {
        return Purpose.builder(SMS)
                .title("Marketing SMS")
                .description("Offers by text message.")
                .legalBasis(LegalBasis.CONSENT)
                .group("marketing")
                .build();
    }

    /** Version 1 of {@link #ANALYTICS}. */
    public static Purpose analytics() {
        return Purpose.builder(ANALYTICS)
                .title("Product analytics")
                .description("We count how features are used to improve them.")
                .legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                .build();
    }

    /** Version 1 of {@link #BILLING}. */
    public static Purpose billing() {
        return Purpose.builder(BILLING)
                .title("Invoices")
                .description("We send invoices for what you bought.")
                .legalBasis(LegalBasis.CONTRACT)
                .build();
    }

    /** A purpose with only the required fields. */
    public static Purpose simple(String id, LegalBasis basis) {
        return Purpose.builder(id)
                .title("Title of " + id)
                .description("What " + id + " is for.")
                .legalBasis(basis)
                .build();
    }

    /** Defines {@link #EMAIL}, {@link #SMS}, {@link #ANALYTICS} and {@link #BILLING}. */
    public static void defineStandard(PurposeRegistry registry) {
        registry.define(email());
        registry.define(sms());
        registry.define(analytics());
        registry.define(billing());
    }

    /** Every optional detail of a context filled in: a guardian acting for a child, with evidence. */
    public static CollectionContext detailed() {
        return CollectionContext.builder(Channel.MOBILE_APP)
                .collectionPoint("app_onboarding_v7")
                .noticeVersion("privacy-2024-02")
                .actor(Actor.guardian("parent-17", "parental responsibility"))
                .jurisdiction("EU")
                .evidence(new Evidence("203.0.113.9", "ConsentApp/7.1 (Android 14)", Map.of("device", "pixel-8")))
                .build();
    }
}
