package dev.consent.retention;

import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One retention rule: what {@link Retention} removes, and how long it is kept first. Immutable; equal rules are
 * rules of the same kind, period and category.
 *
 * <ul>
 *   <li>{@link #evidence(Period)}: the evidence of a record (IP address, user agent, attributes, and the salt of
 *       its digest) is removed once the record is older than the period. The record stays, with its salted
 *       digest, so it still proves the decision and its chain still verifies; the subject is not erased and
 *       keeps every grant. {@link #inCategory(String)} limits the rule to records of the purposes of one
 *       category.
 *   <li>{@link #inactiveSubjects(Period)}: a subject whose last record is older than the period (the limitation
 *       period after the last contact) is erased, as {@link dev.consent.ConsentLedger#erase} erases: the
 *       evidence goes, the records stay as proof, a tombstone is left, and every consent check denies from then
 *       on.
 * </ul>
 *
 * <p>Periods are calendar periods: the cut-off is the run's start minus the period in the clock's time zone
 * (three years before 29 February 2028 is 28 February 2025), truncated to the millisecond, as record times
 * are. A record recorded before the cut-off has outlived its period; one recorded at or after it has not.
 */
public final class RetentionRule {
    /** What a rule removes. */
    public enum Kind {
        /** The evidence of records older than the period. */
        EVIDENCE,
        /** The subjects whose last record is older than the period, by erasure. */
        INACTIVE_SUBJECTS
    }

    private final Kind kind;
    private final Period period;
    private final @Nullable String category;

    private RetentionRule(Kind kind, Period period, @Nullable String category) {
        this.kind = kind;
        this.period = period;
        this.category = category;
    }

    /**
     * Evidence is kept for {@code period} after its record, then removed: for records of every purpose and for
     * lifecycle records.
     *
     * @param period how long evidence is kept; positive (no unit negative)
     * @throws InvalidInputException if the period is zero or has a negative unit, naming {@code period}
     */
    public static RetentionRule evidence(Period period) {
        return new RetentionRule(Kind.EVIDENCE, checked(period), null);
    }

    /**
     * A subject is kept for {@code period} after their last record (the limitation period), then erased.
     * Erased subjects are left alone.
     *
     * @param period how long a subject is kept after their last record; positive (no unit negative)
     * @throws InvalidInputException if the period is zero or has a negative unit, naming {@code period}
     */
    public static RetentionRule inactiveSubjects(Period period) {
        return new RetentionRule(Kind.INACTIVE_SUBJECTS, checked(period), null);
    }

    /**
     * This evidence rule, limited to the records of the purposes whose current version has {@code category}
     * ({@link dev.consent.Purpose#category()}, compared exactly), as the registry holds them when a run starts.
     * Lifecycle records have no purpose and are never in a category.
     *
     * @throws InvalidInputException if this is not an evidence rule, if it has a category already, or if the
     *     category is blank or too long
     */
    public RetentionRule inCategory(String category) {
        Objects.requireNonNull(category, "category");
        if (kind != Kind.EVIDENCE) {
            throw new InvalidInputException(
                    "category", category, "applies to evidence rules only: erasure takes the whole subject");
        }
        if (this.category != null) {
            throw new InvalidInputException("category", category, "is set already, to " + this.category);
        }
        return new RetentionRule(kind, period, Checks.text("category", category, Checks.MAX_ID_LENGTH));
    }

    private static Period checked(Period period) {
        Objects.requireNonNull(period, "period");
        if (period.isZero() || period.isNegative()) {
            throw new InvalidInputException("period", period, "must be positive, with no negative unit");
        }
        return period;
    }

    /** What the rule removes. */
    public Kind kind() {
        return kind;
    }

    /** How long what the rule removes is kept first. */
    public Period period() {
        return period;
    }

    /** The category an evidence rule is limited to, if it is. */
    public Optional<String> category() {
        return Optional.ofNullable(category);
    }

    /** The instant before which records have outlived this rule's period, for a run started at {@code now}. */
    Instant cutoff(Instant now, Clock clock) {
        return ZonedDateTime.ofInstant(now, clock.getZone())
                .minus(period)
                .toInstant()
                .truncatedTo(ChronoUnit.MILLIS);
    }

    /** A short description, such as {@code evidence of category Marketing after P1Y}. */
    @Override
    public String toString() {
        return switch (kind) {
            case EVIDENCE -> "evidence" + (category == null ? "" : " of category " + category) + " after " + period;
            case INACTIVE_SUBJECTS -> "subjects inactive for " + period;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetentionRule r
                && kind == r.kind
                && period.equals(r.period)
                && Objects.equals(category, r.category);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, period, category);
    }
}
