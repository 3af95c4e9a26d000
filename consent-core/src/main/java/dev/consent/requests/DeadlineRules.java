package dev.consent.requests;

import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@link DeadlineRule} of each jurisdiction, per {@link RequestKind}. A jurisdiction is a code chosen by
 * the application, compared exactly (case-sensitive): {@code "EU"}, {@code "US-CA"}.
 *
 * <p>{@link #builtIn()} holds the deadlines of the GDPR and the CCPA; {@link #toBuilder()} adds to them or
 * replaces them, {@link #builder()} starts from nothing. Immutable and thread-safe.
 */
public final class DeadlineRules {
    private static final DeadlineRule GDPR = new CitedRule(DeadlineRule.calendarMonths(1, 2), "GDPR Art. 12(3)");
    private static final DeadlineRule UK_GDPR = new CitedRule(DeadlineRule.calendarMonths(1, 2), "UK GDPR Art. 12(3)");
    private static final DeadlineRule CCPA =
            new CitedRule(DeadlineRule.calendarDays(45, 45), "CCPA regulations §7021(b)");
    private static final DeadlineRule CCPA_OPT_OUT =
            new CitedRule(DeadlineRule.businessDays(15, BusinessCalendar.weekendsOnly()), "CCPA regulations §7026(f)");

    private static final DeadlineRules BUILT_IN = builder()
            .rule("EU", GDPR)
            .rule("EEA", GDPR)
            .rule("UK", UK_GDPR)
            .rule("US-CA", CCPA)
            .rule("US-CA", RequestKind.OPT_OUT_OF_SALE_OR_SHARING, CCPA_OPT_OUT)
            .build();

    private final Map<String, DeadlineRule> everyKind;
    private final Map<String, Map<RequestKind, DeadlineRule>> perKind;
    private final Set<String> jurisdictions;

    private DeadlineRules(Map<String, DeadlineRule> everyKind, Map<String, Map<RequestKind, DeadlineRule>> perKind) {
        this.everyKind = Map.copyOf(everyKind);
        Map<String, Map<RequestKind, DeadlineRule>> kinds = new HashMap<>();
        perKind.forEach((j, rules) -> kinds.put(j, Collections.unmodifiableMap(new EnumMap<>(rules))));
        this.perKind = Map.copyOf(kinds);
        Set<String> all = new TreeSet<>(everyKind.keySet());
        all.addAll(perKind.keySet());
        this.jurisdictions = Collections.unmodifiableSet(all);
    }

    /**
     * The deadlines of the GDPR and the CCPA, each rule describing itself with its source:
     *
     * <ul>
     *   <li>{@code "EU"} and {@code "EEA"}: GDPR Art. 12(3), one month from receipt, extendable by two further
     *       months ({@link DeadlineRule#calendarMonths calendarMonths(1, 2)}), for every kind;
     *   <li>{@code "UK"}: UK GDPR Art. 12(3), the same;
     *   <li>{@code "US-CA"}: CCPA regulations §7021(b), 45 calendar days, extendable by 45 ({@link
     *       DeadlineRule#calendarDays calendarDays(45, 45)}), for every kind except {@link
     *       RequestKind#OPT_OUT_OF_SALE_OR_SHARING}: §7026(f), 15 business days ({@link
     *       DeadlineRule#businessDays businessDays(15, weekendsOnly())}).
     * </ul>
     *
     * <p>No built-in rule moves a due date off a weekend or public holiday, and the opt-out count knows no
     * holidays: the library does not know the holidays of a jurisdiction. Where the law does (EU Regulation
     * 1182/71 Art. 3(4) for the GDPR month), replace the rule through {@link #toBuilder()} with one {@link
     * DeadlineRule#rollingToBusinessDay rolling} over a calendar with those holidays.
     *
     * <p>The built-in rules compute exactly as the factory rules named above but are not {@code equals} to
     * them, since they describe themselves differently.
     */
    public static DeadlineRules builtIn() {
        return BUILT_IN;
    }

    /** A builder with no rules. */
    public static Builder builder() {
        return new Builder(Map.of(), Map.of());
    }

    /**
     * A builder holding these rules, to extend or replace them: each jurisdiction rule and each kind rule
     * held here may be replaced once; the result is a new {@code DeadlineRules}, this one is unchanged.
     */
    public Builder toBuilder() {
        return new Builder(everyKind, perKind);
    }

    /**
     * The rule for a request of {@code kind} in {@code jurisdiction}: the rule set for that kind, else the
     * jurisdiction's rule for every kind.
     *
     * @throws NullPointerException if an argument is null
     * @throws InvalidInputException naming {@code jurisdiction} if it is blank or has no rule, with the
     *     known jurisdictions in the message
     */
    public DeadlineRule rule(String jurisdiction, RequestKind kind) {
        String j = jurisdiction(jurisdiction);
        Objects.requireNonNull(kind, "kind");
        Map<RequestKind, DeadlineRule> kinds = perKind.get(j);
        DeadlineRule rule = kinds == null ? null : kinds.get(kind);
        if (rule == null) {
            rule = everyKind.get(j);
        }
        if (rule == null) {
            // build() ensures a jurisdiction with kind rules covers every kind, so only an unknown one is left.
            throw new InvalidInputException("jurisdiction", j, "has no deadline rule; known: " + jurisdictions);
        }
        return rule;
    }

    /** The jurisdictions with rules, in alphabetical order; unmodifiable. */
    public Set<String> jurisdictions() {
        return jurisdictions;
    }

    /** The jurisdictions, for logs. */
    @Override
    public String toString() {
        return "DeadlineRules" + jurisdictions;
    }

    private static String jurisdiction(String jurisdiction) {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        return Checks.text("jurisdiction", jurisdiction, Checks.MAX_ID_LENGTH);
    }

    /**
     * Collects rules for {@link #build()}. A rule for every kind and a rule for one kind may be given for the
     * same jurisdiction, in either order; the kind rule wins for its kind. Giving the same jurisdiction (or
     * jurisdiction and kind) twice to one builder is rejected, though a rule inherited from {@link
     * DeadlineRules#toBuilder()} may be replaced. Not thread-safe; {@link #build()} may be called repeatedly.
     */
    public static final class Builder {
        private final Map<String, DeadlineRule> everyKind;
        private final Map<String, Map<RequestKind, DeadlineRule>> perKind = new HashMap<>();
        private final Set<String> setEveryKind = new HashSet<>();
        private final Map<String, Set<RequestKind>> setPerKind = new HashMap<>();

        private Builder(Map<String, DeadlineRule> everyKind, Map<String, Map<RequestKind, DeadlineRule>> perKind) {
            this.everyKind = new HashMap<>(everyKind);
            perKind.forEach((j, rules) -> this.perKind.put(j, new EnumMap<>(rules)));
        }

        /**
         * The rule of {@code jurisdiction} for every kind without a rule of its own.
         *
         * @throws NullPointerException if an argument is null
         * @throws InvalidInputException naming {@code jurisdiction} if it is blank or already given to this
         *     builder
         */
        public Builder rule(String jurisdiction, DeadlineRule rule) {
            String j = jurisdiction(jurisdiction);
            Objects.requireNonNull(rule, "rule");
            if (!setEveryKind.add(j)) {
                throw new InvalidInputException("jurisdiction", j, "already has a rule for every kind");
            }
            everyKind.put(j, rule);
            return this;
        }

        /**
         * The rule of {@code jurisdiction} for {@code kind}, which overrides the jurisdiction's rule for every
         * kind, whichever was given first.
         *
         * @throws NullPointerException if an argument is null
         * @throws InvalidInputException naming {@code jurisdiction} if it is blank or already has a rule for
         *     {@code kind} given to this builder
         */
        public Builder rule(String jurisdiction, RequestKind kind, DeadlineRule rule) {
            String j = jurisdiction(jurisdiction);
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(rule, "rule");
            if (!setPerKind
                    .computeIfAbsent(j, k -> EnumSet.noneOf(RequestKind.class))
                    .add(kind)) {
                throw new InvalidInputException("jurisdiction", j, "already has a rule for " + kind);
            }
            perKind.computeIfAbsent(j, k -> new EnumMap<>(RequestKind.class)).put(kind, rule);
            return this;
        }

        /**
         * The rules given.
         *
         * @throws InvalidInputException naming {@code jurisdiction} if one has rules for some kinds only and
         *     no rule for every kind, so that a request of another kind would have no deadline
         */
        public DeadlineRules build() {
            for (Map.Entry<String, Map<RequestKind, DeadlineRule>> e : new TreeMap<>(perKind).entrySet()) {
                Set<RequestKind> missing = EnumSet.allOf(RequestKind.class);
                missing.removeAll(e.getValue().keySet());
                if (!missing.isEmpty() && !everyKind.containsKey(e.getKey())) {
                    throw new InvalidInputException(
                            "jurisdiction",
                            e.getKey(),
                            "has rules for " + e.getValue().keySet() + " only; give a rule for every kind, or for "
                                    + missing);
                }
            }
            return new DeadlineRules(everyKind, perKind);
        }
    }
}
