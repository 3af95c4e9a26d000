package dev.consent;

import dev.consent.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One version of a processing purpose: what the person is shown, on which legal basis, and for how long
 * a consent to it lasts. Immutable.
 *
 * <p>A material change of the text is published as a new version whose {@link #minValidVersion()} is the
 * new version, so consents given to earlier versions stop counting ({@link ConsentStatus#RECONSENT_REQUIRED}).
 * An editorial change is a new version that keeps the old {@code minValidVersion}.
 *
 * <p>How long a consent lasts is either a calendar period ({@link Builder#maxAge(Period)}, such as 13 months,
 * added to the instant of the grant in UTC with the end-of-month rule of {@code java.time}: 31 January plus one
 * month is the last day of February) or an exact duration ({@link Builder#maxAge(Duration)}); see
 * {@link #expiryOf(Instant)}.
 *
 * <p>Two purposes are equal when their content is equal; {@link #definedAt()} takes no part, so defining
 * the same version twice with the same content is idempotent.
 *
 * <p>A purpose that sells or shares personal data says so ({@link #saleOrSharing()}), and names the
 * jurisdictions where it follows an opt-out model ({@link #optOutJurisdictions()}): there a check that names
 * such a jurisdiction ({@link Enforcer#checkIn(String, String, String)}) allows it until the person opts out
 * ({@link Action#OPTED_OUT}, for example by Global Privacy Control); elsewhere its legal basis decides.
 */
public final class Purpose {
    /** Longest accepted title. */
    public static final int MAX_TITLE_LENGTH = Limits.MAX_TITLE_LENGTH;
    /** Longest accepted description. */
    public static final int MAX_DESCRIPTION_LENGTH = Limits.MAX_DESCRIPTION_LENGTH;

    private final String id;
    private final int version;
    private final String title;
    private final String description;
    private final LegalBasis legalBasis;
    private final @Nullable String group;
    private final @Nullable Duration maxAge;
    private final @Nullable Period maxAgePeriod;
    private final int minValidVersion;
    private final List<String> recipients;
    private final boolean retired;
    private final @Nullable String category;
    private final List<String> piiCategories;
    private final List<String> sensitiveCategories;
    private final Set<SaleOrSharing> saleOrSharing;
    private final List<String> optOutJurisdictions;
    private final @Nullable Instant definedAt;

    private Purpose(Builder b) {
        this.id = Checks.purposeId("id", b.id);
        if (b.version < 1) {
            throw new InvalidInputException("version", b.version, "must be 1 or more");
        }
        this.version = b.version;
        this.title = Checks.text("title", b.title, MAX_TITLE_LENGTH);
        if (b.description == null || b.description.isBlank()) {
            throw new InvalidInputException("description", b.description, "must not be blank");
        }
        if (b.description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidInputException(
                    "description", b.description, "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        this.description = b.description;
        if (b.legalBasis == null) {
            throw new InvalidInputException("legalBasis", null, "must be set");
        }
        this.legalBasis = b.legalBasis;
        this.group = b.group == null ? null : Checks.purposeId("group", b.group);
        if (b.maxAge != null && (b.maxAge.isZero() || b.maxAge.isNegative())) {
            throw new InvalidInputException("maxAge", b.maxAge, "must be positive");
        }
        if (b.maxAge != null && b.maxAge.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException("maxAge", b.maxAge, "must be a whole number of milliseconds");
        }
        if (b.maxAge != null && legalBasis != LegalBasis.CONSENT) {
            throw new InvalidInputException(
                    "maxAge", b.maxAge, "applies only to purposes whose legal basis is CONSENT, not " + legalBasis);
        }
        this.maxAge = b.maxAge;
        this.maxAgePeriod = checkPeriod(b.maxAgePeriod, legalBasis);
        int min = b.minValidVersion == 0 ? 1 : b.minValidVersion;
        if (min < 1 || min > version) {
            throw new InvalidInputException(
                    "minValidVersion", b.minValidVersion, "must be between 1 and the version " + version);
        }
        this.minValidVersion = min;
        for (int i = 0; i < b.recipients.size(); i++) {
            Checks.text("recipients[" + i + "]", b.recipients.get(i), Checks.MAX_ID_LENGTH);
        }
        this.recipients = List.copyOf(b.recipients);
        this.retired = b.retired;
        this.category = b.category == null ? null : Checks.text("category", b.category, Checks.MAX_ID_LENGTH);
        this.piiCategories = categories("piiCategories", b.piiCategories);
        this.sensitiveCategories = categories("sensitiveCategories", b.sensitiveCategories);
        this.saleOrSharing =
                b.saleOrSharing.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.saleOrSharing));
        this.optOutJurisdictions =
                categories("optOutJurisdictions", b.optOutJurisdictions, Limits.MAX_JURISDICTION_LENGTH);
        if (!optOutJurisdictions.isEmpty() && saleOrSharing.isEmpty()) {
            throw new InvalidInputException(
                    "optOutJurisdictions",
                    optOutJurisdictions,
                    "apply only to a purpose that declares a sale or sharing of personal data (saleOrSharing)");
        }
        this.definedAt = b.definedAt == null ? null : b.definedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    private static @Nullable Period checkPeriod(@Nullable Period period, LegalBasis legalBasis) {
        if (period == null) {
            return null;
        }
        if (period.isZero() || period.isNegative()) {
            throw new InvalidInputException(
                    "maxAge", period, "must be positive, with no negative years, months or days");
        }
        if (legalBasis != LegalBasis.CONSENT) {
            throw new InvalidInputException(
                    "maxAge", period, "applies only to purposes whose legal basis is CONSENT, not " + legalBasis);
        }
        return period;
    }

    private static List<String> categories(String field, List<String> values) {
        return categories(field, values, Checks.MAX_ID_LENGTH);
    }

    private static List<String> categories(String field, List<String> values, int max) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Checks.text(field + "[" + i + "]", values.get(i), max);
            if (!seen.add(values.get(i))) {
                throw new InvalidInputException(field + "[" + i + "]", values.get(i), "appears more than once");
            }
        }
        return List.copyOf(values);
    }

    /**
     * Starts a purpose definition.
     *
     * @param id a lowercase slug such as {@code marketing.email}
     */
    public static Builder builder(String id) {
        return new Builder(Objects.requireNonNull(id, "id"));
    }

    /** A builder holding this purpose's content, for defining its next version. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.version = version;
        b.title = title;
        b.description = description;
        b.legalBasis = legalBasis;
        b.group = group;
        b.maxAge = maxAge;
        b.maxAgePeriod = maxAgePeriod;
        b.minValidVersion = minValidVersion;
        b.recipients = recipients;
        b.retired = retired;
        b.category = category;
        b.piiCategories = piiCategories;
        b.sensitiveCategories = sensitiveCategories;
        b.saleOrSharing = saleOrSharing;
        b.optOutJurisdictions = optOutJurisdictions;
        return b;
    }

    /** The purpose id, a lowercase slug. */
    public String id() {
        return id;
    }

    /** The version, 1 or more. */
    public int version() {
        return version;
    }

    /** The title the person is shown. */
    public String title() {
        return title;
    }

    /** The plain-language description the person is shown. */
    public String description() {
        return description;
    }

    /** The legal basis of processing for this purpose. */
    public LegalBasis legalBasis() {
        return legalBasis;
    }

    /** The group this purpose belongs to (tiered granularity), if any. */
    public Optional<String> group() {
        return Optional.ofNullable(group);
    }

    /**
     * How long a consent to this purpose lasts, when it was given as an exact duration; empty when it does not
     * expire or when it was given as a calendar period ({@link #maxAgePeriod()}).
     */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * How long a consent to this purpose lasts, when it was given as a calendar period such as {@code P13M};
     * empty when it does not expire or when it was given as an exact duration ({@link #maxAge()}).
     */
    public Optional<Period> maxAgePeriod() {
        return Optional.ofNullable(maxAgePeriod);
    }

    /** Whether a consent to this purpose expires, after a duration or a calendar period. */
    public boolean expires() {
        return maxAge != null || maxAgePeriod != null;
    }

    /**
     * The maximum age as ISO-8601 text: a period such as {@code P13M} or a duration such as {@code PT9480H};
     * empty when a consent does not expire.
     */
    public Optional<String> maxAgeText() {
        if (maxAgePeriod != null) {
            return Optional.of(maxAgePeriod.toString());
        }
        return maxAge == null ? Optional.empty() : Optional.of(maxAge.toString());
    }

    /**
     * When a consent given at {@code grantedAt} expires: the instant plus the duration, or plus the calendar
     * period in UTC (so a 13-month consent given 2026-02-01T08:30Z expires 2027-03-01T08:30Z, and a one-month
     * consent given on 31 January expires on the last day of February); empty when it does not expire.
     */
    public Optional<Instant> expiryOf(Instant grantedAt) {
        Objects.requireNonNull(grantedAt, "grantedAt");
        if (maxAgePeriod != null) {
            return Optional.of(
                    grantedAt.atOffset(ZoneOffset.UTC).plus(maxAgePeriod).toInstant());
        }
        return maxAge == null ? Optional.empty() : Optional.of(grantedAt.plus(maxAge));
    }

    /** The oldest version whose consents are still valid. */
    public int minValidVersion() {
        return minValidVersion;
    }

    /** The third parties or processors that receive data for this purpose; unmodifiable. */
    public List<String> recipients() {
        return recipients;
    }

    /** Whether the purpose is retired: no processing is allowed for it and no new consent can be given. */
    public boolean retired() {
        return retired;
    }

    /**
     * The category of the purpose, such as {@code Marketing} or {@code Core Function} (the purpose
     * category of a consent receipt), if given.
     */
    public Optional<String> category() {
        return Optional.ofNullable(category);
    }

    /** The categories of personal data processed for this purpose, such as {@code E-mail address}; unmodifiable. */
    public List<String> piiCategories() {
        return piiCategories;
    }

    /**
     * The special categories of personal data (GDPR Art. 9, such as {@code Health}) processed for this
     * purpose; empty when none are; unmodifiable.
     */
    public List<String> sensitiveCategories() {
        return sensitiveCategories;
    }

    /**
     * Whether processing for this purpose sells or shares personal data (US state privacy laws): empty when it
     * does neither; unmodifiable, in declaration order. Only such a purpose can be opted out of
     * ({@link Action#OPTED_OUT}).
     */
    public Set<SaleOrSharing> saleOrSharing() {
        return saleOrSharing;
    }

    /**
     * The jurisdictions, such as {@code US-CA} or {@code US-CO}, in which this purpose follows an opt-out model:
     * allowed until the person opts out, whatever its legal basis. Compared exactly with the jurisdiction a
     * check names. Empty when it follows its legal basis everywhere; unmodifiable.
     */
    public List<String> optOutJurisdictions() {
        return optOutJurisdictions;
    }

    /** When the registry published this version, once it has; empty on a definition not yet published. */
    public Optional<Instant> definedAt() {
        return Optional.ofNullable(definedAt);
    }

    /** This purpose stamped with the instant the registry published it. Not API for applications. */
    public Purpose withDefinedAt(Instant instant) {
        Builder b = toBuilder();
        b.definedAt = Objects.requireNonNull(instant, "instant");
        return new Purpose(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Purpose p
                && id.equals(p.id)
                && version == p.version
                && title.equals(p.title)
                && description.equals(p.description)
                && legalBasis == p.legalBasis
                && Objects.equals(group, p.group)
                && Objects.equals(maxAge, p.maxAge)
                && Objects.equals(maxAgePeriod, p.maxAgePeriod)
                && minValidVersion == p.minValidVersion
                && recipients.equals(p.recipients)
                && retired == p.retired
                && Objects.equals(category, p.category)
                && piiCategories.equals(p.piiCategories)
                && sensitiveCategories.equals(p.sensitiveCategories)
                && saleOrSharing.equals(p.saleOrSharing)
                && optOutJurisdictions.equals(p.optOutJurisdictions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version, title, legalBasis, minValidVersion, retired);
    }

    @Override
    public String toString() {
        return "Purpose[" + id + " v" + version + ", " + legalBasis + (retired ? ", retired" : "") + "]";
    }

    /** Builds a {@link Purpose}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private int version = 1;
        private @Nullable String title;
        private @Nullable String description;
        private @Nullable LegalBasis legalBasis;
        private @Nullable String group;
        private @Nullable Duration maxAge;
        private @Nullable Period maxAgePeriod;
        private int minValidVersion;
        private List<String> recipients = List.of();
        private boolean retired;
        private @Nullable String category;
        private List<String> piiCategories = List.of();
        private List<String> sensitiveCategories = List.of();
        private Set<SaleOrSharing> saleOrSharing = Set.of();
        private List<String> optOutJurisdictions = List.of();
        private @Nullable Instant definedAt;

        private Builder(String id) {
            this.id = id;
        }

        /** The version; defaults to 1. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** The title the person is shown; required. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** The plain-language description the person is shown; required. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The legal basis; required. */
        public Builder legalBasis(LegalBasis legalBasis) {
            this.legalBasis = Objects.requireNonNull(legalBasis, "legalBasis");
            return this;
        }

        /** The group (a slug) that grants and withdrawals may address as a whole. */
        public Builder group(String group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /**
         * How long a consent lasts, as an exact duration, for CONSENT purposes; by default it does not expire.
         * Replaces a calendar period given before. For "13 months" or "2 years", use {@link #maxAge(Period)}:
         * a duration of 395 days is not 13 months.
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
            this.maxAgePeriod = null;
            return this;
        }

        /**
         * How long a consent lasts, as a calendar period such as {@code Period.ofMonths(13)}, for CONSENT
         * purposes: added to the instant of the grant in UTC (see {@link Purpose#expiryOf(Instant)}). Replaces a
         * duration given before.
         */
        public Builder maxAge(Period maxAge) {
            this.maxAgePeriod = Objects.requireNonNull(maxAge, "maxAge");
            this.maxAge = null;
            return this;
        }

        /** The oldest version whose consents stay valid; defaults to 1 for a new purpose. */
        public Builder minValidVersion(int minValidVersion) {
            this.minValidVersion = minValidVersion;
            return this;
        }

        /**
         * A material change: consents given to any earlier version stop counting. Same as
         * {@code minValidVersion(version)}; call after {@link #version(int)}.
         */
        public Builder materialChange() {
            this.minValidVersion = version;
            return this;
        }

        /**
         * The recipients of data processed for this purpose.
         *
         * @throws InvalidInputException if an element is {@code null}, naming its index
         */
        public Builder recipients(List<String> recipients) {
            Objects.requireNonNull(recipients, "recipients");
            for (int i = 0; i < recipients.size(); i++) {
                if (recipients.get(i) == null) {
                    throw new InvalidInputException("recipients[" + i + "]", null, "must not be null");
                }
            }
            this.recipients = List.copyOf(recipients);
            return this;
        }

        /** Whether the purpose is retired. */
        public Builder retired(boolean retired) {
            this.retired = retired;
            return this;
        }

        /** The category of the purpose, such as {@code Marketing}; optional. */
        public Builder category(String category) {
            this.category = Objects.requireNonNull(category, "category");
            return this;
        }

        /** The categories of personal data processed, such as {@code E-mail address}; none by default. */
        public Builder piiCategories(List<String> piiCategories) {
            this.piiCategories = List.copyOf(Objects.requireNonNull(piiCategories, "piiCategories"));
            return this;
        }

        /** The special categories of personal data (GDPR Art. 9) processed; none by default. */
        public Builder sensitiveCategories(List<String> sensitiveCategories) {
            this.sensitiveCategories = List.copyOf(Objects.requireNonNull(sensitiveCategories, "sensitiveCategories"));
            return this;
        }

        /** Whether the purpose sells or shares personal data; neither by default. Replaces an earlier call. */
        public Builder saleOrSharing(SaleOrSharing... kinds) {
            Objects.requireNonNull(kinds, "kinds");
            Set<SaleOrSharing> set = EnumSet.noneOf(SaleOrSharing.class);
            for (int i = 0; i < kinds.length; i++) {
                if (kinds[i] == null) {
                    throw new InvalidInputException("saleOrSharing[" + i + "]", null, "must not be null");
                }
                set.add(kinds[i]);
            }
            this.saleOrSharing = set;
            return this;
        }

        /**
         * The jurisdictions (such as {@code US-CA}) in which the purpose follows an opt-out model; none by
         * default. Needs {@link #saleOrSharing}; checked in {@link #build()}.
         */
        public Builder optOutJurisdictions(List<String> jurisdictions) {
            this.optOutJurisdictions = List.copyOf(Objects.requireNonNull(jurisdictions, "jurisdictions"));
            return this;
        }

        /**
         * @throws InvalidInputException naming the first invalid field
         */
        public Purpose build() {
            return new Purpose(this);
        }
    }
}
