package dev.consent.spi;

import dev.consent.Action;
import dev.consent.InvalidInputException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a store counts for a transparency report over the period {@code [from, to)}: the records of the period
 * by purpose and action, and the state at the period's end by purpose, version, action and expiry. The core
 * turns these into {@link dev.consent.TransparencyReport}. Immutable.
 *
 * @param actions the records with {@code from <= recordedAt < to}, counted by purpose (null for lifecycle
 *     records) and action; no entry has a count of 0; unmodifiable
 * @param endStates for every subject and purpose, the subject's latest record for the purpose among those
 *     with {@code recordedAt < to}, counted by purpose, version, action and expiry; subjects with a lifecycle
 *     record (erased or deceased) recorded before {@code to} are left out; no entry has a count of 0;
 *     unmodifiable
 * @param asOfPosition the ledger position the counts are consistent with: they cover every record up to it
 */
public record PeriodCounts(List<ActionCount> actions, List<EndStateCount> endStates, long asOfPosition) {
    /** Copies the lists. */
    public PeriodCounts {
        actions = List.copyOf(actions);
        endStates = List.copyOf(endStates);
        if (asOfPosition < 0) {
            throw new InvalidInputException("asOfPosition", asOfPosition, "must not be negative");
        }
    }

    /**
     * How many records of the period have this purpose and action.
     *
     * @param purposeId the purpose, or {@code null} for a lifecycle action
     * @param action the action
     * @param count how many, 1 or more
     */
    public record ActionCount(@Nullable String purposeId, Action action, long count) {
        /** Checks the components. */
        public ActionCount {
            Objects.requireNonNull(action, "action");
            if (count < 1) {
                throw new InvalidInputException("count", count, "must be 1 or more");
            }
        }
    }

    /**
     * How many subjects' latest record for a purpose at the period's end has this version, action and expiry.
     *
     * @param purposeId the purpose
     * @param purposeVersion the version the latest record concerns
     * @param action the latest record's action
     * @param expiry where the latest record's expiry lies relative to the period
     * @param count how many subjects, 1 or more
     * @param minor what the children rule makes of a grant at the period's end (see {@link Minor})
     */
    public record EndStateCount(
            String purposeId, int purposeVersion, Action action, Expiry expiry, long count, Minor minor) {
        /** Counts that the children rule does not touch ({@link Minor#NONE}). */
        public EndStateCount(String purposeId, int purposeVersion, Action action, Expiry expiry, long count) {
            this(purposeId, purposeVersion, action, expiry, count, Minor.NONE);
        }

        /** Checks the components. */
        public EndStateCount {
            Objects.requireNonNull(purposeId, "purposeId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(expiry, "expiry");
            Objects.requireNonNull(minor, "minor");
            if (count < 1) {
                throw new InvalidInputException("count", count, "must be 1 or more");
            }
        }
    }

    /**
     * The children rule ({@link dev.consent.AgeOfConsent}) at the period's end, for a {@code GRANTED} latest record,
     * from the subject's latest {@link Action#AGE_STATED} record with {@code recordedAt < to}: whether the grant
     * was given before the instant that record's {@code expiresAt} states the subject comes of age, and by whom.
     */
    public enum Minor {
        /** Not a grant, no age statement, or a grant given when the subject was of age. */
        NONE,
        /** A grant given while under age, not by a guardian with a recorded authority: it never counts. */
        WITHOUT_GUARDIAN,
        /** A guardian's grant given while under age; the subject is still under age at the period's end. */
        GUARDIAN,
        /** A guardian's grant given while under age; the subject came of age before the period's end. */
        GUARDIAN_OF_AGE;

        /** The class of a grant recorded at {@code grantedAt} by {@code actor}, for an age statement's instant. */
        public static Minor of(
                Action action,
                long grantedAtMillis,
                dev.consent.Actor actor,
                @Nullable Long comesOfAgeMillis,
                long toMillis) {
            if (action != Action.GRANTED || comesOfAgeMillis == null || grantedAtMillis >= comesOfAgeMillis) {
                return NONE;
            }
            if (actor.type() != dev.consent.ActorType.GUARDIAN || actor.authority() == null) {
                return WITHOUT_GUARDIAN;
            }
            return comesOfAgeMillis < toMillis ? GUARDIAN_OF_AGE : GUARDIAN;
        }
    }

    /** Where a record's expiry lies relative to the period {@code [from, to)}. */
    public enum Expiry {
        /** No expiry, or {@code expiresAt >= to}: not expired at the period's end. */
        NOT_EXPIRED,
        /** {@code from <= expiresAt < to}: expired during the period. */
        IN_PERIOD,
        /** {@code expiresAt < from}: expired before the period began. */
        BEFORE_PERIOD;

        /** The class of an expiry instant in epoch milliseconds ({@code null} for none). */
        public static Expiry of(@Nullable Long expiresAtMillis, long fromMillis, long toMillis) {
            if (expiresAtMillis == null || expiresAtMillis >= toMillis) {
                return NOT_EXPIRED;
            }
            return expiresAtMillis >= fromMillis ? IN_PERIOD : BEFORE_PERIOD;
        }
    }
}
