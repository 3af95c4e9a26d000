package dev.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides, per subject and purpose, whether processing may happen now. Thread-safe; meant to sit on an
 * application's request path. Answers from a per-subject snapshot in the cache, so a cached check
 * allocates nothing and takes no lock.
 *
 * <table>
 *   <caption>When processing is allowed</caption>
 *   <tr><th>legal basis</th><th>allowed when</th></tr>
 *   <tr><td>CONSENT</td><td>the latest record grants it, has not expired, and is for a version at or
 *       above the purpose's minimum valid version</td></tr>
 *   <tr><td>LEGITIMATE_INTEREST</td><td>the person has not objected, or withdrew the objection</td></tr>
 *   <tr><td>CONTRACT, LEGAL_OBLIGATION, VITAL_INTERESTS, PUBLIC_TASK</td><td>always; the decision says
 *       consent is not the basis</td></tr>
 * </table>
 *
 * <p>Always denied: an unknown purpose ({@link DecisionReason#UNKNOWN_PURPOSE}, fail closed), a retired
 * purpose, and for consent and legitimate interest a subject who is erased or deceased. Expiry is judged
 * at the moment of the check from the system's clock. When the store is needed and fails, the check
 * denies with {@link DecisionReason#STORE_UNAVAILABLE}; it never throws for that reason.
 *
 * <p>Recipient-scoped forms ({@link #check(String, String, String)} and its siblings) decide for sharing
 * the data with one recipient named by the purpose: allowed only when the decision for the purpose allows,
 * the version in force names the recipient ({@link DecisionReason#RECIPIENT_NOT_IN_FORCE} otherwise), and,
 * for consent, the version the person agreed to names it ({@link DecisionReason#RECIPIENT_NOT_AGREED}
 * otherwise: a recipient added by a later version is not covered, material change or not). Recipients are
 * compared exactly. A recipient named in no version of the purpose is rejected with
 * {@link InvalidInputException} naming {@code recipient}. A cached recipient-scoped check allocates nothing
 * either. See {@code docs/recipients.md}.
 *
 * <p>Opt-out jurisdictions: the methods ending in {@code In} ({@link #checkIn(String, String, String)} and its siblings) take a {@code jurisdiction} (such as {@code US-CA}, compared
 * exactly with {@link Purpose#optOutJurisdictions()}) decide a sale or sharing purpose that follows an opt-out
 * model there by {@code Rules.decideOptOut}: allowed ({@link DecisionReason#NOT_OPTED_OUT}) until the person
 * opts out ({@link DecisionReason#OPTED_OUT}), refuses, withdraws or objects, whatever the legal basis;
 * retired purposes and erased or deceased subjects are denied as always. For any other purpose or jurisdiction
 * they answer as the methods without one, where the legal basis decides and an opt-out counts as a refusal
 * (consent) or an objection (legitimate interest). The application knows where the person is (the account's
 * address, the request's location) and says so: the library never guesses a jurisdiction, and a check without
 * one never follows an opt-out model. Cached checks with a jurisdiction allocate nothing either.
 *
 * <p>Invalid subject ids ({@code null}, blank, over 255 characters, control characters) are rejected with
 * {@link InvalidInputException}.
 */
public interface Enforcer {
    /**
     * Returns normally when processing is allowed now.
     *
     * @throws ProcessingDeniedException carrying the decision when it is not
     * @throws InvalidInputException if the subject id is invalid
     */
    void require(String subject, String purposeId);

    /**
     * As {@link #require(String, String)}, from a state at least as fresh as {@code consistency} asks.
     *
     * @throws ProcessingDeniedException carrying the decision when it is not allowed
     */
    void require(String subject, String purposeId, Consistency consistency);

    /** The decision for processing now, from the cached snapshot. */
    Decision check(String subject, String purposeId);

    /** The decision for processing now, from a state at least as fresh as {@code consistency} asks. */
    Decision check(String subject, String purposeId, Consistency consistency);

    /**
     * Decisions for many subjects and one purpose, for batch jobs: subjects not in the cache are loaded
     * from the store in chunks, not one query each. Duplicates in {@code subjects} are answered once.
     *
     * @return the decision per subject, in the iteration order of {@code subjects}; unmodifiable
     * @throws InvalidInputException if any subject id is invalid
     */
    Map<String, Decision> checkAll(Collection<String> subjects, String purposeId);

    /**
     * A filter for batch jobs: the subjects of {@code subjects} for which processing is allowed, in
     * order. Same rules and loading as {@link #checkAll(Collection, String)}.
     */
    java.util.List<String> filterAllowed(Collection<String> subjects, String purposeId);

    /**
     * The decision this enforcer would have made for processing at {@code instant}: the records stored
     * then, the purpose version in force then (its minimum valid version and whether it was retired), the
     * subject's lifecycle then, and expiry judged at that instant, with the same reasons as a live
     * {@link #check(String, String)} (a purpose not yet defined then is {@link DecisionReason#UNKNOWN_PURPOSE}).
     * A record counts from its {@link ConsentRecord#recordedAt()} on, so at the current instant this answers
     * as a fully consistent live check. Reads the subject's history from the store, bypassing the cache:
     * one read of one subject's records, however large the ledger. For audits, not for the hot path.
     *
     * @throws InvalidInputException if the subject id is invalid
     * @return the decision; {@link DecisionReason#STORE_UNAVAILABLE} when the store failed (fail closed)
     */
    Decision checkAt(String subject, String purposeId, Instant instant);

    /**
     * Returns normally when processing for {@code purposeId} may share the subject's data with
     * {@code recipient} now (see the class comment for the rule).
     *
     * @throws ProcessingDeniedException carrying the decision when it may not
     * @throws InvalidInputException if the subject id is invalid, or {@code recipient} is named by no version
     *     of the purpose
     */
    void require(String subject, String purposeId, String recipient);

    /**
     * As {@link #require(String, String, String)}, from a state at least as fresh as {@code consistency} asks.
     *
     * @throws ProcessingDeniedException carrying the decision when it is not allowed
     * @throws InvalidInputException as {@link #require(String, String, String)}
     */
    void require(String subject, String purposeId, String recipient, Consistency consistency);

    /**
     * The decision for sharing with {@code recipient} for {@code purposeId} now, from the cached snapshot.
     *
     * @throws InvalidInputException if the subject id is invalid, or {@code recipient} is named by no version
     *     of the purpose
     */
    Decision check(String subject, String purposeId, String recipient);

    /**
     * As {@link #check(String, String, String)}, from a state at least as fresh as {@code consistency} asks.
     *
     * @throws InvalidInputException as {@link #check(String, String, String)}
     */
    Decision check(String subject, String purposeId, String recipient, Consistency consistency);

    /**
     * As {@link #checkAll(Collection, String)}, for sharing with {@code recipient}. The recipient is checked
     * before any subject is looked at.
     *
     * @throws InvalidInputException if any subject id is invalid, or {@code recipient} is named by no version
     *     of the purpose
     */
    Map<String, Decision> checkAll(Collection<String> subjects, String purposeId, String recipient);

    /**
     * The subjects of {@code subjects} whose data may be shared with {@code recipient} for {@code purposeId},
     * in order. Same rules and loading as {@link #checkAll(Collection, String, String)}.
     */
    java.util.List<String> filterAllowed(Collection<String> subjects, String purposeId, String recipient);

    /**
     * The decision a recipient-scoped check would have made at {@code instant}, as
     * {@link #checkAt(String, String, Instant)} judges the rest: the version in force then must name the
     * recipient, and for consent the version agreed to by then.
     *
     * @throws InvalidInputException if the subject id is invalid, or {@code recipient} is named by no version
     *     of the purpose known now
     */
    Decision checkAt(String subject, String purposeId, String recipient, Instant instant);

    /** A predicate view of {@link #check(String, String, String)} for one purpose and recipient. */
    default Predicate<String> allows(String purposeId, String recipient) {
        java.util.Objects.requireNonNull(purposeId, "purposeId");
        java.util.Objects.requireNonNull(recipient, "recipient");
        return subject -> check(subject, purposeId, recipient).allowed();
    }

    /**
     * As {@link #require(String, String)}, in {@code jurisdiction} (see the class comment).
     *
     * @throws ProcessingDeniedException carrying the decision when it is not allowed
     * @throws InvalidInputException if the subject id or the jurisdiction is invalid
     */
    void requireIn(String subject, String purposeId, String jurisdiction);

    /**
     * As {@link #check(String, String)}, in {@code jurisdiction} (see the class comment).
     *
     * @throws InvalidInputException if the subject id or the jurisdiction is invalid
     */
    Decision checkIn(String subject, String purposeId, String jurisdiction);

    /**
     * As {@link #check(String, String, Consistency)}, in {@code jurisdiction} (see the class comment).
     *
     * @throws InvalidInputException if the subject id or the jurisdiction is invalid
     */
    Decision checkIn(String subject, String purposeId, String jurisdiction, Consistency consistency);

    /**
     * As {@link #checkAll(Collection, String)}, every subject in {@code jurisdiction} (see the class comment).
     *
     * @throws InvalidInputException if any subject id or the jurisdiction is invalid
     */
    Map<String, Decision> checkAllIn(Collection<String> subjects, String purposeId, String jurisdiction);

    /**
     * As {@link #filterAllowed(Collection, String)}, every subject in {@code jurisdiction}.
     *
     * @throws InvalidInputException if any subject id or the jurisdiction is invalid
     */
    default java.util.List<String> filterAllowedIn(Collection<String> subjects, String purposeId, String jurisdiction) {
        java.util.List<String> out = new java.util.ArrayList<>();
        checkAllIn(subjects, purposeId, jurisdiction).forEach((subject, d) -> {
            if (d.allowed()) {
                out.add(subject);
            }
        });
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * As {@link #checkAt(String, String, Instant)}, in {@code jurisdiction}: whether the purpose version in force
     * at {@code instant} followed an opt-out model there decides which rule applies.
     *
     * @throws InvalidInputException if the subject id or the jurisdiction is invalid
     */
    Decision checkAtIn(String subject, String purposeId, Instant instant, String jurisdiction);

    /** A predicate view of {@link #check(String, String)} for one purpose, for streams. */
    default Predicate<String> allows(String purposeId) {
        java.util.Objects.requireNonNull(purposeId, "purposeId");
        return subject -> check(subject, purposeId).allowed();
    }

    /** Counters of decisions made by this enforcer since the system was built. */
    EnforcerStats stats();
}
