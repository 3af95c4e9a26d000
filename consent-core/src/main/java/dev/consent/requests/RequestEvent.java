package dev.consent.requests;

import dev.consent.Actor;
import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One transition of a data-subject request: never changed once stored. The events of a request, in sequence
 * order from 1, are its whole history; {@link DataSubjectRequest#of} folds them into the request's state.
 *
 * <p>The details each type carries (every value is text; dates are ISO-8601 {@code yyyy-MM-dd}, instants
 * ISO-8601 in UTC):
 *
 * <ul>
 *   <li>{@code RECEIVED}: {@code subject}, {@code kind}, {@code channel}, {@code jurisdiction},
 *       {@code receivedOn} (the date of receipt in the desk's time zone), {@code due}, {@code extendableTo}
 *       (absent when the rule allows no extension), {@code noticeBy} (the last day to tell the subject of an
 *       extension), {@code rule} (the rule's description), and the evidence of receipt as
 *       {@code evidence.<name>} entries;
 *   <li>{@code IDENTITY_VERIFIED}: {@code method}; {@code IDENTITY_REJECTED}: {@code note};
 *   <li>{@code EXTENDED}: {@code reason}, {@code subjectToldOn}, {@code due} (the new deadline);
 *   <li>{@code STEP_STARTED}, {@code STEP_SUCCEEDED}, {@code STEP_FAILED}: {@code step} (such as
 *       {@code erase:search-index} or {@code access:orders}), {@code attempt}; a success adds {@code summary}
 *       and {@code items}; a failure adds {@code error};
 *   <li>{@code COMPLETED}, {@code PARTIALLY_COMPLETED}: {@code note}; {@code DENIED}: {@code reason} (a
 *       {@link DenialReason}) and {@code note}.
 * </ul>
 *
 * @param requestId the request's id
 * @param sequence the event's place in the request's history, from 1
 * @param type what happened
 * @param at when it was recorded (millisecond precision, from the desk's clock)
 * @param actor who acted: the subject, an operator, or the system
 * @param details the type's details, sorted by key; unmodifiable
 */
public record RequestEvent(
        String requestId, int sequence, RequestEventType type, Instant at, Actor actor, Map<String, String> details) {
    /** The longest text of a detail's value. */
    public static final int MAX_DETAIL_LENGTH = 4_000;
    /** The most details one event carries. */
    public static final int MAX_DETAILS = 64;

    /** Validates the components and copies the details, sorted. */
    public RequestEvent {
        requestId = Checks.text("requestId", requestId, Checks.MAX_ID_LENGTH);
        if (sequence < 1) {
            throw new InvalidInputException("sequence", sequence, "must be at least 1");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(details, "details");
        if ((sequence == 1) != (type == RequestEventType.RECEIVED)) {
            throw new InvalidInputException(
                    "sequence", sequence, "must be 1 exactly for a RECEIVED event (type " + type + ")");
        }
        if (details.size() > MAX_DETAILS) {
            throw new InvalidInputException(
                    "details", details.size() + " entries", "must have at most " + MAX_DETAILS + " entries");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        details.forEach((key, value) -> {
            Checks.text("details key", key, 100);
            if (value == null) {
                throw new InvalidInputException("details." + key, null, "must not be null");
            }
            if (value.length() > MAX_DETAIL_LENGTH) {
                throw new InvalidInputException(
                        "details." + key, value, "must be at most " + MAX_DETAIL_LENGTH + " characters");
            }
            copy.put(key, value);
        });
        details = Collections.unmodifiableMap(copy);
    }

    /** The detail named {@code key}, or {@code null} when the event has none. */
    public @org.jspecify.annotations.Nullable String detail(String key) {
        return details.get(key);
    }
}
