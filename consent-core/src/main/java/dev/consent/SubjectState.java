package dev.consent;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A subject's state for every purpose at one instant, with proof. Immutable.
 *
 * @param subject the subject
 * @param asOf the instant the state describes
 * @param purposes the state per purpose id, for every purpose defined at that instant (sorted by id);
 *     unmodifiable
 * @param lifecycle the latest lifecycle record (erasure or death) up to that instant, or {@code null}
 */
public record SubjectState(
        String subject,
        Instant asOf,
        Map<String, PurposeState> purposes,
        @Nullable ConsentRecord lifecycle) {
    /** Copies the map, keeping its order. */
    public SubjectState {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(asOf, "asOf");
        purposes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(purposes));
    }

    /** The state for {@code purposeId}, if that purpose was defined at {@link #asOf()}. */
    public Optional<PurposeState> find(String purposeId) {
        return Optional.ofNullable(purposes.get(Objects.requireNonNull(purposeId, "purposeId")));
    }

    /** Whether the subject was erased at {@link #asOf()}. */
    public boolean erased() {
        return lifecycle != null && lifecycle.action() == Action.SUBJECT_ERASED;
    }

    /** Whether the subject was reported deceased at {@link #asOf()}. */
    public boolean deceased() {
        return lifecycle != null && lifecycle.action() == Action.SUBJECT_DECEASED;
    }
}
