package dev.consent;

import dev.consent.internal.Checks;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the application knows of a subject's age, for one jurisdiction: a birth date, or an age band (as an
 * age gate asks it). Given to {@link ConsentLedger#stateAge}. The birth date and the band are personal data:
 * they are stored as evidence, which erasure removes; the record keeps only the instant the subject comes of
 * age, which the decisions need. Immutable.
 *
 * @param jurisdiction the jurisdiction whose age of digital consent applies, such as {@code FR} or {@code US}
 * @param birthDate the birth date, or {@code null} for an age band
 * @param minYears the band's lower bound in whole years (the subject is at least this old), or 0 with a birth date
 * @param maxYears the band's upper bound in whole years, or {@code null} when open or with a birth date
 */
public record AgeStatement(
        String jurisdiction,
        @Nullable LocalDate birthDate,
        int minYears,
        @Nullable Integer maxYears) {
    /** Oldest age accepted, in years. */
    public static final int MAX_YEARS = 150;

    /** Validates the components. */
    public AgeStatement {
        Checks.text("jurisdiction", jurisdiction, Checks.MAX_ID_LENGTH);
        if (birthDate != null) {
            if (minYears != 0 || maxYears != null) {
                throw new InvalidInputException(
                        "minYears", minYears, "must be 0, and maxYears null, with a birth date");
            }
            if (birthDate.isBefore(LocalDate.of(1850, 1, 1))) {
                throw new InvalidInputException("birthDate", birthDate, "must not be before 1850-01-01");
            }
        } else {
            if (minYears < 0 || minYears > MAX_YEARS) {
                throw new InvalidInputException("minYears", minYears, "must be between 0 and " + MAX_YEARS);
            }
            if (maxYears != null && (maxYears < minYears || maxYears > MAX_YEARS)) {
                throw new InvalidInputException(
                        "maxYears", maxYears, "must be between minYears (" + minYears + ") and " + MAX_YEARS);
            }
        }
    }

    /** The subject was born on {@code birthDate}. */
    public static AgeStatement birthDate(LocalDate birthDate, String jurisdiction) {
        return new AgeStatement(jurisdiction, Objects.requireNonNull(birthDate, "birthDate"), 0, null);
    }

    /** The subject is between {@code minYears} and {@code maxYears} old, both inclusive, in whole years. */
    public static AgeStatement ageBand(int minYears, int maxYears, String jurisdiction) {
        return new AgeStatement(jurisdiction, null, minYears, maxYears);
    }

    /** The subject is at least {@code minYears} old (an open band, such as "16 or over"). */
    public static AgeStatement atLeast(int minYears, String jurisdiction) {
        return new AgeStatement(jurisdiction, null, minYears, null);
    }

    /** The statement as evidence attributes: {@code birthDate}, or {@code ageBand} as {@code min-max} or {@code min+}. */
    public java.util.Map<String, String> evidenceAttributes() {
        if (birthDate != null) {
            return java.util.Map.of("birthDate", birthDate.toString());
        }
        return java.util.Map.of("ageBand", maxYears == null ? minYears + "+" : minYears + "-" + maxYears);
    }
}
