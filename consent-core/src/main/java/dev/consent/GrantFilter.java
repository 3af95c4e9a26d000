package dev.consent;

import dev.consent.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which grants an {@link Invalidation} concerns: the {@link Action#GRANTED} records collected through a
 * collection point, under a notice version, or recorded in a time window, optionally of one purpose. Every
 * criterion given must hold; criteria not given are not checked. At least one of the collection point, the
 * notice version and a window bound must be given: an invalidation of every grant of a purpose is a material
 * change of the purpose instead ({@code minValidVersion}). Immutable.
 *
 * @param purposeId only grants of this purpose, or {@code null} for every purpose
 * @param collectionPoint only grants collected here ({@link ConsentRecord#collectionPoint()}, compared
 *     exactly), or {@code null}
 * @param noticeVersion only grants collected under this notice or policy version, compared exactly, or
 *     {@code null}
 * @param recordedFrom only grants recorded at or after this instant, or {@code null}
 * @param recordedUntil only grants recorded before this instant (exclusive), or {@code null}
 */
public record GrantFilter(
        @Nullable String purposeId,
        @Nullable String collectionPoint,
        @Nullable String noticeVersion,
        @Nullable Instant recordedFrom,
        @Nullable Instant recordedUntil) {

    /**
     * Validates the criteria.
     *
     * @throws InvalidInputException naming the first invalid field: a malformed purpose id or text, an instant
     *     below millisecond precision, a window whose end is not after its start, or no criterion but the purpose
     */
    public GrantFilter {
        if (purposeId != null) {
            Checks.purposeId("purposeId", purposeId);
        }
        Checks.optionalText("collectionPoint", collectionPoint, Checks.MAX_ID_LENGTH);
        Checks.optionalText("noticeVersion", noticeVersion, Checks.MAX_ID_LENGTH);
        millis("recordedFrom", recordedFrom);
        millis("recordedUntil", recordedUntil);
        if (recordedFrom != null && recordedUntil != null && !recordedUntil.isAfter(recordedFrom)) {
            throw new InvalidInputException(
                    "recordedUntil", recordedUntil, "must be after recordedFrom (" + recordedFrom + ")");
        }
        if (collectionPoint == null && noticeVersion == null && recordedFrom == null && recordedUntil == null) {
            throw new InvalidInputException(
                    "collectionPoint",
                    null,
                    "an invalidation needs a collection point, a notice version or a recorded-at window");
        }
    }

    private static void millis(String field, @Nullable Instant instant) {
        if (instant == null) {
            return;
        }
        if (instant.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException(field, instant, "must have millisecond precision, as record times have");
        }
        try {
            instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new InvalidInputException(field, instant, "is beyond the range of epoch milliseconds");
        }
    }

    /** Whether {@code record} is a grant this filter selects. */
    public boolean matches(ConsentRecord record) {
        Objects.requireNonNull(record, "record");
        return record.action() == Action.GRANTED
                && (purposeId == null || purposeId.equals(record.purposeId()))
                && (collectionPoint == null || collectionPoint.equals(record.collectionPoint()))
                && (noticeVersion == null || noticeVersion.equals(record.noticeVersion()))
                && (recordedFrom == null || !record.recordedAt().isBefore(recordedFrom))
                && (recordedUntil == null || record.recordedAt().isBefore(recordedUntil));
    }

    /**
     * The name and value of the most specific criterion given, for a message about this filter: the collection
     * point, else the notice version, else the window's start, else its end.
     *
     * @return the field name; {@link #leadingValue()} gives its value
     */
    public String leadingField() {
        if (collectionPoint != null) {
            return "collectionPoint";
        }
        if (noticeVersion != null) {
            return "noticeVersion";
        }
        return recordedFrom != null ? "recordedFrom" : "recordedUntil";
    }

    /** The value of {@link #leadingField()}. */
    public Object leadingValue() {
        if (collectionPoint != null) {
            return collectionPoint;
        }
        if (noticeVersion != null) {
            return noticeVersion;
        }
        return Objects.requireNonNull(recordedFrom != null ? recordedFrom : recordedUntil);
    }
}
