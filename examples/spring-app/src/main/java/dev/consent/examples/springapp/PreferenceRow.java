package dev.consent.examples.springapp;

import dev.consent.ConsentRecord;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line of the preference page: a purpose at the version in force, whether processing is allowed now, and
 * the person's state in words.
 *
 * @param purpose the purpose at the version in force: the text the page shows and a grant agrees to
 * @param allowed whether processing is allowed now: the page offers "Withdraw" when it is, else "Give consent"
 * @param status the state in words, such as "Given on 2026-03-05 14:14 UTC (version 1)"
 */
public record PreferenceRow(Purpose purpose, boolean allowed, String status) {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The line of {@code purpose} for a person in {@code state}. */
    static PreferenceRow of(Purpose purpose, PurposeState state) {
        return new PreferenceRow(purpose, state.decision().allowed(), describe(state));
    }

    private static String describe(PurposeState state) {
        ConsentRecord proof = state.proof();
        if (proof == null) {
            return "Not asked yet";
        }
        String when = time(proof.recordedAt());
        return switch (state.status()) {
            case GRANTED -> "Given on " + when + " (version " + proof.purposeVersion() + ")";
            case DENIED -> "Refused on " + when;
            case WITHDRAWN -> "Withdrawn on " + when;
            case EXPIRED ->
                "Given on " + when + ", expired" + (proof.expiresAt() == null ? "" : " on " + time(proof.expiresAt()));
            case RECONSENT_REQUIRED ->
                "Given on " + when + " to version " + proof.purposeVersion()
                        + ", whose text has changed since: please read it again";
            default -> state.status() + " since " + when;
        };
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
