package dev.consent;

import dev.consent.internal.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ages of digital consent per jurisdiction, and what happens to a guardian's consent when the subject
 * reaches it: the data behind the children rule. Immutable and thread-safe; set on
 * {@link ConsentSystem.Builder#ageOfConsent(AgeOfConsent)}.
 *
 * <p>The rule: when the application has stated a subject's birth date or age band for a jurisdiction
 * ({@link ConsentLedger#stateAge}), a grant given while the subject was under that jurisdiction's age does not
 * count ({@link DecisionReason#GUARDIAN_CONSENT_REQUIRED}) unless its actor is a {@link ActorType#GUARDIAN}
 * whose {@link Actor#authority()} records the verification method (see {@link GuardianVerification}). Once
 * the subject reaches the age, {@link #comingOfAge()} says what happens to such a guardian's grant.
 *
 * <p>Defaults ({@link #defaults()}): 16 for {@code EU}, {@code EEA} and every EU and EEA member state code
 * ({@link #EU_EEA}; GDPR Art. 8(1), which lets a member state lower it to no less than 13: set the national
 * values with {@link Builder#age}); 13 for {@code US} (COPPA, 15 U.S.C. 6501(1)). A jurisdiction is looked up
 * as given, then by its part before the first {@code -} ({@code US-CA} falls back to {@code US}).
 * Birthdays begin at midnight in {@link #zone()} (UTC by default); someone born on 29 February comes of age on
 * 1 March in a year that has no 29 February.
 */
public final class AgeOfConsent {
    /** The EU member states (ISO 3166-1 alpha-2, with {@code EL} beside {@code GR}), the EEA states, and {@code EU}, {@code EEA}. */
    public static final Set<String> EU_EEA = Set.of(
            "EU", "EEA", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "EL", "HU", "IE", "IT",
            "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    private static final AgeOfConsent DEFAULTS = builder().build();

    private final Map<String, Integer> ages;
    private final ComingOfAge comingOfAge;
    private final ZoneId zone;

    private AgeOfConsent(Builder b) {
        this.ages = Collections.unmodifiableMap(new TreeMap<>(b.ages));
        this.comingOfAge = b.comingOfAge;
        this.zone = b.zone;
    }

    /** The defaults described above, with {@link ComingOfAge#REQUIRE_RECONSENT} and UTC. */
    public static AgeOfConsent defaults() {
        return DEFAULTS;
    }

    /** Starts from the defaults; each setting may be changed once. */
    public static Builder builder() {
        return new Builder();
    }

    /** The age in years per jurisdiction code; unmodifiable, sorted. */
    public Map<String, Integer> ages() {
        return ages;
    }

    /** What happens to a guardian's grant when the subject comes of age. */
    public ComingOfAge comingOfAge() {
        return comingOfAge;
    }

    /** The zone in which birthdays begin. */
    public ZoneId zone() {
        return zone;
    }

    /** The age of digital consent of {@code jurisdiction}, or empty when none is configured. */
    public OptionalInt find(String jurisdiction) {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Integer age = ages.get(jurisdiction);
        int dash = jurisdiction.indexOf('-');
        if (age == null && dash > 0) {
            age = ages.get(jurisdiction.substring(0, dash));
        }
        return age == null ? OptionalInt.empty() : OptionalInt.of(age);
    }

    /**
     * The instant the subject of {@code statement} reaches the age of its jurisdiction, made at {@code statedAt}:
     * for a birth date, midnight (in {@link #zone()}) of the birthday; for an age band, the latest instant the
     * band allows, {@code statedAt} plus (the age minus the band's lower bound) years, so that a band never
     * makes a child of age early. In the past for a subject already of age.
     *
     * @throws InvalidInputException if no age is configured for the statement's jurisdiction (field
     *     {@code jurisdiction}), or the birth date lies after {@code statedAt} (field {@code birthDate})
     */
    public Instant comesOfAge(AgeStatement statement, Instant statedAt) {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(statedAt, "statedAt");
        String jurisdiction = statement.jurisdiction();
        OptionalInt found = find(jurisdiction);
        if (found.isEmpty()) {
            throw new InvalidInputException(
                    "jurisdiction",
                    jurisdiction,
                    "has no age of digital consent configured; set it with AgeOfConsent.Builder.age");
        }
        int age = found.getAsInt();
        LocalDate birth = statement.birthDate();
        if (birth == null) {
            return statedAt.atZone(zone)
                    .plusYears((long) age - statement.minYears())
                    .toInstant()
                    .truncatedTo(ChronoUnit.MILLIS);
        }
        if (birth.isAfter(statedAt.atZone(zone).toLocalDate())) {
            throw new InvalidInputException("birthDate", birth, "is after the day of the statement, " + statedAt);
        }
        LocalDate birthday = birth.plusYears(age);
        if (birth.getMonth() == Month.FEBRUARY && birth.getDayOfMonth() == 29 && birthday.getDayOfMonth() == 28) {
            birthday = birthday.plusDays(1);
        }
        return birthday.atStartOfDay(zone).toInstant();
    }

    /**
     * Configures an {@link AgeOfConsent}, starting from the defaults. Each jurisdiction's age and each other
     * setting may be given once; a bad value is rejected at once. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Integer> ages = new TreeMap<>();
        private final Set<String> given = new HashSet<>();
        private ComingOfAge comingOfAge = ComingOfAge.REQUIRE_RECONSENT;
        private ZoneId zone = ZoneOffset.UTC;

        private Builder() {
            for (String code : EU_EEA) {
                ages.put(code, 16);
            }
            ages.put("US", 13);
        }

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /**
         * The age of digital consent in {@code jurisdiction}, such as {@code age("FR", 15)}.
         *
         * @param jurisdiction a code as records carry it, such as {@code DE} or {@code US-UT}
         * @param years between 13 and 16 for {@code EU}, {@code EEA} and their member states (GDPR Art. 8(1));
         *     between 1 and 21 elsewhere
         * @throws InvalidInputException if the code is invalid or the age out of range
         * @throws IllegalStateException if this jurisdiction was already set
         */
        public Builder age(String jurisdiction, int years) {
            Checks.text("jurisdiction", jurisdiction, Checks.MAX_ID_LENGTH);
            if (EU_EEA.contains(jurisdiction) && (years < 13 || years > 16)) {
                throw new InvalidInputException(
                        "ages[" + jurisdiction + "]", years, "must be between 13 and 16 (GDPR Art. 8(1))");
            }
            if (years < 1 || years > 21) {
                throw new InvalidInputException("ages[" + jurisdiction + "]", years, "must be between 1 and 21");
            }
            once("age " + jurisdiction);
            ages.put(jurisdiction, years);
            return this;
        }

        /** What happens to a guardian's grant when the subject comes of age; defaults to re-consent. */
        public Builder comingOfAge(ComingOfAge rule) {
            once("comingOfAge");
            this.comingOfAge = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** The zone in which birthdays begin; defaults to UTC. */
        public Builder zone(ZoneId zone) {
            once("zone");
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The configuration. */
        public AgeOfConsent build() {
            return new AgeOfConsent(this);
        }
    }
}
