package dev.consent.examples.springapp;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.Evidence;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * How the application's decisions were collected: the channel and the page, the privacy notice version the
 * page showed, the jurisdiction, and the request's address and user agent as evidence (personal data, stored
 * apart from the records and erasable). Thread-safe.
 */
@Component
public class Contexts {
    /** The sign-up form. */
    public static final String SIGNUP_FORM = "signup_form";
    /** The preference page. */
    public static final String PREFERENCE_PAGE = "preference_page";
    /** The unsubscribe link of the newsletter e-mails. */
    public static final String UNSUBSCRIBE_LINK = "newsletter_unsubscribe_link";

    private final ExampleProperties properties;

    Contexts(ExampleProperties properties) {
        this.properties = properties;
    }

    /** The notice version the pages show. */
    public String noticeVersion() {
        return properties.noticeVersion();
    }

    /** The context of a decision made on {@code collectionPoint}, reached through {@code channel}. */
    public CollectionContext of(Channel channel, String collectionPoint, HttpServletRequest request) {
        return CollectionContext.builder(channel)
                .collectionPoint(collectionPoint)
                .noticeVersion(properties.noticeVersion())
                .jurisdiction(properties.jurisdiction())
                .evidence(Evidence.of(request.getRemoteAddr(), clip(request.getHeader("User-Agent"))))
                .build();
    }

    /** The header as evidence takes it: without control characters, at most its longest value, or none. */
    private static @Nullable String clip(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String value = header.replaceAll("\\p{Cntrl}", " ").strip();
        if (value.isEmpty()) {
            return null;
        }
        return value.length() <= Evidence.MAX_VALUE_LENGTH ? value : value.substring(0, Evidence.MAX_VALUE_LENGTH);
    }
}
