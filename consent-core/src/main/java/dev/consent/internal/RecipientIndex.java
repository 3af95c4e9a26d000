package dev.consent.internal;

import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The recipients of every version of one purpose, indexed once when the registry changes so that a
 * recipient-scoped check is one map lookup and two array reads, without allocating.
 *
 * <p>The rule (see {@code docs/recipients.md}), applied after the decision for the purpose alone:
 * <ol>
 *   <li>a recipient named in no version of the purpose is bad input ({@link #versionsNaming} returns null and
 *       the enforcer throws {@link InvalidInputException} naming {@code recipient});
 *   <li>a denial for the purpose stays that denial;
 *   <li>a recipient not named in the version in force is denied, {@link DecisionReason#RECIPIENT_NOT_IN_FORCE},
 *       whatever the legal basis: the controller no longer declares it (or does not yet);
 *   <li>for consent, a recipient not named in the version the person agreed to (the version of the granting
 *       record) is denied, {@link DecisionReason#RECIPIENT_NOT_AGREED}, material change or not;
 *   <li>otherwise the decision for the purpose stands.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
final class RecipientIndex {
    private final String purposeId;
    /** Per recipient, whether version {@code v} names it, at index {@code v} (index 0 unused). */
    private final HashMap<String, boolean[]> versionsNaming = new HashMap<>();
    /** Per version, whether some recipient declared on the purpose is missing from it. */
    private final boolean[] missesSome;

    private final List<String> declared;

    /** The index of {@code versions}, oldest first (version {@code i + 1} at index {@code i}). */
    RecipientIndex(List<Purpose> versions) {
        this.purposeId = versions.get(versions.size() - 1).id();
        int n = versions.size();
        for (Purpose p : versions) {
            for (String r : p.recipients()) {
                versionsNaming.computeIfAbsent(r, k -> new boolean[n + 1])[p.version()] = true;
            }
        }
        missesSome = new boolean[n + 1];
        for (boolean[] named : versionsNaming.values()) {
            for (int v = 1; v <= n; v++) {
                missesSome[v] |= !named[v];
            }
        }
        declared = List.copyOf(new TreeSet<>(versionsNaming.keySet()));
    }

    /**
     * Per version, whether it names {@code recipient} (index = version), or null when no version of the
     * purpose names it. Allocation-free; the array must not be changed.
     */
    boolean @Nullable [] versionsNaming(String recipient) {
        return versionsNaming.get(recipient);
    }

    /**
     * As {@link #versionsNaming}, throwing for a recipient no version names.
     *
     * @throws InvalidInputException naming {@code recipient} when it is malformed or not declared
     */
    boolean[] require(String recipient) {
        boolean[] named = versionsNaming.get(recipient);
        if (named == null) {
            throw undeclared(recipient);
        }
        return named;
    }

    /** The exception for a recipient that is malformed or named by no version of the purpose. */
    InvalidInputException undeclared(String recipient) {
        Checks.text("recipient", recipient, Checks.MAX_ID_LENGTH);
        return new InvalidInputException(
                "recipient",
                recipient,
                "is not a recipient declared on purpose " + purposeId + " (declared in some version: " + declared
                        + ")");
    }

    /** Whether some recipient declared on the purpose is not named in {@code version}. */
    boolean missesSome(int version) {
        return version >= 0 && version < missesSome.length && missesSome[version];
    }

    /**
     * The decision for the recipient whose {@code named} flags are given, from {@code base}, the decision for
     * the purpose alone. Allocation-free when {@code notInForce} and {@code notAgreed} are given.
     *
     * @param inForce the version in force at the instant of the decision
     * @param notInForce the precomputed {@link DecisionReason#RECIPIENT_NOT_IN_FORCE} denial for {@code
     *     inForce}, or null to build it
     * @param notAgreed the precomputed {@link DecisionReason#RECIPIENT_NOT_AGREED} denial for {@code base},
     *     or null to build it
     */
    static Decision apply(
            Decision base, boolean[] named, int inForce, @Nullable Decision notInForce, @Nullable Decision notAgreed) {
        if (!base.allowed()) {
            return base;
        }
        if (!isNamed(named, inForce)) {
            return notInForce != null
                    ? notInForce
                    : Decision.of(
                            DecisionReason.RECIPIENT_NOT_IN_FORCE, base.purposeId(), base.legalBasis(), inForce, null);
        }
        if (base.legalBasis() == LegalBasis.CONSENT
                && base.reason() == DecisionReason.CONSENT_GRANTED
                && !isNamed(named, base.purposeVersion())) {
            return notAgreed != null ? notAgreed : notAgreed(base);
        }
        return base;
    }

    /** The {@link DecisionReason#RECIPIENT_NOT_AGREED} denial for the grant decided in {@code granted}. */
    static Decision notAgreed(Decision granted) {
        return Decision.of(
                DecisionReason.RECIPIENT_NOT_AGREED,
                granted.purposeId(),
                granted.legalBasis(),
                granted.purposeVersion(),
                granted.recordId());
    }

    private static boolean isNamed(boolean[] named, int version) {
        return version >= 0 && version < named.length && named[version];
    }
}
