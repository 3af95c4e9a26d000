package dev.consent.requests;

import dev.consent.Channel;
import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A request as it is received, before it is opened with {@link DataSubjectRequests#open}.
 *
 * <pre>{@code
 * NewRequest request = NewRequest.of("user-42", RequestKind.ERASURE, "EU", Channel.EMAIL)
 *         .withId("dsr-2026-0042")
 *         .withEvidence("message-id", "<CAF3...@mail.example>");
 * }</pre>
 *
 * @param id the request's id, such as a ticket number, or {@code null} for a random UUID; opening a request
 *     with the id of an existing one for the same subject and kind returns that one (a retry is safe)
 * @param subject whose data the request is about
 * @param kind what is asked for
 * @param jurisdiction the law the deadline follows, such as {@code EU} or {@code US-CA} (see
 *     {@link DeadlineRules})
 * @param channel how the request reached the organisation
 * @param receiptEvidence evidence of receipt (a message id, a form submission id, a letter's reference);
 *     unmodifiable, sorted by name
 */
public record NewRequest(
        @Nullable String id,
        String subject,
        RequestKind kind,
        String jurisdiction,
        Channel channel,
        Map<String, String> receiptEvidence) {
    /** Validates the components and copies the evidence. */
    public NewRequest {
        if (id != null) {
            Checks.text("id", id, Checks.MAX_ID_LENGTH);
        }
        Checks.subject(subject);
        Objects.requireNonNull(kind, "kind");
        Checks.text("jurisdiction", jurisdiction, 32);
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(receiptEvidence, "receiptEvidence");
        if (receiptEvidence.size() > 16) {
            throw new InvalidInputException(
                    "receiptEvidence", receiptEvidence.keySet(), "must have at most 16 entries");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        receiptEvidence.forEach((name, value) -> {
            Checks.text("receiptEvidence name", name, 64);
            copy.put(name, Checks.text("receiptEvidence." + name, value, 1_000));
        });
        receiptEvidence = Collections.unmodifiableMap(copy);
    }

    /** A request with a random id and no evidence of receipt yet. */
    public static NewRequest of(String subject, RequestKind kind, String jurisdiction, Channel channel) {
        return new NewRequest(null, subject, kind, jurisdiction, channel, Map.of());
    }

    /** This request with the given id. */
    public NewRequest withId(String id) {
        return new NewRequest(Objects.requireNonNull(id, "id"), subject, kind, jurisdiction, channel, receiptEvidence);
    }

    /** This request with one more piece of evidence of receipt. */
    public NewRequest withEvidence(String name, String value) {
        TreeMap<String, String> more = new TreeMap<>(receiptEvidence);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new NewRequest(id, subject, kind, jurisdiction, channel, more);
    }
}
