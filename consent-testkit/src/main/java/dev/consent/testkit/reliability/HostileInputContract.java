package dev.consent.testkit.reliability;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.START;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentException;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.StoreUnavailableException;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Reliability 7, hostile input: generated values ({@link Hostile}) for every public entry point and damaged
 * documents for every JSON reader ({@link JsonReaders}). Each call ends in a result or a declared exception (a
 * {@link ConsentException} other than {@link StoreUnavailableException}, or a {@link NullPointerException}
 * naming the null argument), within {@value #TIMEOUT_SECONDS} seconds; a write that throws leaves the ledger
 * head where it was; every allow is justified by a grant of exactly that subject (or by a legal basis that
 * needs none); a JSON reader's result holds what the document held; and the ledger verifies afterwards.
 */
public abstract class HostileInputContract extends ReliabilityContract {
    /** Calls per entry point at scale 1. */
    static final int CALLS = 120;

    static final int TIMEOUT_SECONDS = 20;
    /** Subjects granted {@code EMAIL} before the run, so that checks have allows to get wrong. */
    static final List<String> GRANTED =
            List.of("user-1", "anna.müller@example.org", "用户-42", "emoji-😀-subject", "O'Brien; DROP TABLE x", "élève");

    private static final Pattern ARGUMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\[\\]]*");

    /** How a call ended. */
    enum Outcome {
        /** Returned, and the result was right. */
        RESULT,
        /** Threw a declared exception. */
        DECLARED,
        /** Threw anything else. */
        UNEXPECTED,
        /** Returned something wrong: an allow no grant justifies, a JSON reader's result unlike its input. */
        WRONG_RESULT,
        /** Threw, but the ledger head moved. */
        PARTIAL_WRITE,
        /** Did not end within the timeout. */
        HUNG
    }

    /** Allows a call returned, to be checked against the ledger. */
    interface Allows {
        void allowed(String subject, String purposeId);
    }

    /** One public entry point: draws hostile arguments and calls it. */
    interface Call {
        @Nullable
        Object call(ConsentSystem cs, Hostile h, Allows allows);
    }

    /** An entry point under test. */
    record Entry(String name, boolean writes, Call call) {}

    private static String subject(Hostile h) {
        return Optional.ofNullable(h.text(h.pick(GRANTED))).orElse(null);
    }

    private static String purpose(Hostile h) {
        String valid = h.pick(List.of(EMAIL, SMS, ANALYTICS, BILLING, "never.defined", "marketing"));
        return h.text(valid);
    }

    private static CollectionContext context(Hostile h) {
        if (h.chance(0.4)) {
            return WEB;
        }
        if (h.chance(0.05)) {
            return null;
        }
        Map<String, String> attributes = new HashMap<>();
        if (h.chance(0.3)) {
            attributes.put(h.text("device"), h.text("pixel"));
        }
        return CollectionContext.builder(h.chance(0.05) ? null : h.pick(List.of(Channel.values())))
                .collectionPoint(h.text("signup_form_v3"))
                .noticeVersion(h.text("privacy-2024"))
                .jurisdiction(h.text("EU"))
                .actor(h.chance(0.5) ? Actor.subject() : Actor.guardian(h.text("parent-1"), h.text("parental")))
                .evidence(new Evidence(h.text("203.0.113.9"), h.text("Agent/1.0"), attributes))
                .build();
    }

    private static Decision decided(Decision d, String subject, Allows allows) {
        if (d.allowed()) {
            allows.allowed(subject, d.purposeId());
        }
        return d;
    }

    /** Every public entry point that takes input, one line each. */
    static List<Entry> entryPoints() {
        List<Entry> all = new ArrayList<>();
        all.add(new Entry("Enforcer.check", false, (cs, h, a) -> {
            String s = subject(h);
            return decided(cs.enforcer().check(s, purpose(h)), s, a);
        }));
        all.add(new Entry("Enforcer.check(consistency)", false, (cs, h, a) -> {
            String s = subject(h);
            Consistency c = h.pick(List.of(Consistency.cached(), Consistency.full(), Consistency.atLeast(1)));
            if (h.chance(0.3)) {
                c = Consistency.atLeast(h.anyLong());
            }
            return decided(cs.enforcer().check(s, purpose(h), h.chance(0.05) ? null : c), s, a);
        }));
        all.add(new Entry("Enforcer.require", false, (cs, h, a) -> {
            String s = subject(h);
            String p = purpose(h);
            cs.enforcer().require(s, p);
            a.allowed(s, p);
            return null;
        }));
        all.add(new Entry("Enforcer.checkAll", false, (cs, h, a) -> {
            List<String> subjects = h.list(() -> subject(h));
            Map<String, Decision> out = cs.enforcer().checkAll(subjects, purpose(h));
            out.forEach((s, d) -> decided(d, s, a));
            return out;
        }));
        all.add(new Entry("Enforcer.allowed", false, (cs, h, a) -> {
            String p = purpose(h);
            List<String> out = cs.enforcer().filterAllowed(h.list(() -> subject(h)), p);
            out.forEach(s -> a.allowed(s, p));
            return out;
        }));
        for (Action action :
                List.of(Action.GRANTED, Action.DENIED, Action.WITHDRAWN, Action.OBJECTED, Action.OBJECTION_WITHDRAWN)) {
            all.add(new Entry("ConsentLedger." + action, true, (cs, h, a) -> switch (action) {
                case GRANTED -> cs.ledger().grant(subject(h), purpose(h), context(h));
                case DENIED -> cs.ledger().deny(subject(h), purpose(h), context(h));
                case WITHDRAWN -> cs.ledger().withdraw(subject(h), purpose(h), context(h));
                case OBJECTED -> cs.ledger().object(subject(h), purpose(h), context(h));
                default -> cs.ledger().withdrawObjection(subject(h), purpose(h), context(h));
            }));
        }
        all.add(new Entry("ConsentLedger.record", true, (cs, h, a) -> {
            Interaction.Builder b = Interaction.builder(subject(h)).context(context(h));
            if (h.chance(0.7)) {
                b.interactionId(h.text("form-" + h.nextInt(1000)));
            }
            if (h.chance(0.5)) {
                b.occurredAt(h.instant(START));
            }
            for (int i = h.nextInt(4); i > 0; i--) {
                b.decision(purpose(h), h.anyInt(), h.chance(0.05) ? null : h.pick(List.of(Action.values())));
            }
            return cs.ledger().record(b.build());
        }));
        all.add(new Entry(
                "ConsentLedger.erase",
                true,
                (cs, h, a) -> cs.ledger().erase(h.chance(0.5) ? "erasable-" + h.nextInt(5) : subject(h), context(h))));
        all.add(new Entry(
                "ConsentLedger.markDeceased",
                true,
                (cs, h, a) ->
                        cs.ledger().markDeceased(h.chance(0.5) ? "mortal-" + h.nextInt(5) : subject(h), context(h))));
        all.add(new Entry(
                "ConsentLedger.currentState", false, (cs, h, a) -> cs.ledger().currentState(subject(h))));
        all.add(new Entry(
                "ConsentLedger.stateAt", false, (cs, h, a) -> cs.ledger().stateAt(subject(h), h.instant(START))));
        all.add(new Entry(
                "ConsentLedger.history", false, (cs, h, a) -> cs.ledger().history(subject(h))));
        all.add(new Entry(
                "ConsentLedger.evidence", false, (cs, h, a) -> cs.ledger().evidence(subject(h))));
        all.add(new Entry(
                "ConsentLedger.verify(subject)",
                false,
                (cs, h, a) -> cs.ledger().verify(subject(h))));
        all.add(new Entry("PurposeRegistry.define", true, (cs, h, a) -> {
            Purpose.Builder b = Purpose.builder(h.text("hostile.p" + h.nextInt(20)))
                    .title(h.text("A title"))
                    .description(h.text("What it is for."))
                    .legalBasis(h.chance(0.05) ? null : h.pick(List.of(LegalBasis.values())));
            if (h.chance(0.3)) {
                b.group(h.text("hostile"));
            }
            if (h.chance(0.3)) {
                b.maxAge(h.duration());
            }
            if (h.chance(0.3)) {
                b.version(h.anyInt());
            }
            if (h.chance(0.3)) {
                b.recipients(h.list(() -> h.text("Mailer Ltd")));
            }
            return cs.purposes().define(b.build());
        }));
        all.add(new Entry(
                "PurposeRegistry.find", false, (cs, h, a) -> cs.purposes().find(purpose(h))));
        all.add(new Entry(
                "PurposeRegistry.versions", false, (cs, h, a) -> cs.purposes().versions(purpose(h))));
        all.add(new Entry(
                "PurposeRegistry.group", false, (cs, h, a) -> cs.purposes().group(purpose(h))));
        all.add(new Entry("CollectionContext.builder", false, (cs, h, a) -> context(h)));
        for (JsonReaders.Reader<?> reader : JsonReaders.ALL) {
            all.add(new Entry(reader.name(), false, (cs, h, a) -> {
                String input = h.chance(0.05) ? null : h.json(reader.sample());
                Object result = reader.read().apply(input);
                if (!reader.faithful(input, result)) {
                    throw new WrongResult(reader.name() + " read " + abbreviate(input, 700) + " as " + result);
                }
                return result;
            }));
        }
        return all;
    }

    /** A call returned something it should not have. */
    static final class WrongResult extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongResult(String message) {
            super(message);
        }
    }

    @Test
    void hostileInput_toEveryEntryPoint_endsInAResultOrADeclaredException_andAdmitsNothing() throws Exception {
        ConsentSystem cs = system(b -> b.futureTolerance(Duration.ofMinutes(2)));
        Fixtures.defineStandard(cs.purposes());
        for (String s : GRANTED) {
            cs.ledger().grant(s, EMAIL, WEB);
        }
        Hostile h = new Hostile(20261123L);
        int calls = Reliability.scaled(CALLS);
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        Map<String, Map<Outcome, Long>> byEntry = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        long tried = 0;
        try {
            for (Entry entry : entryPoints()) {
                for (int i = 0; i < calls; i++) {
                    List<String[]> allows = new ArrayList<>();
                    long head = entry.writes() ? cs.ledger().headPosition() : 0;
                    Future<Object> f =
                            worker.submit(() -> entry.call().call(cs, h, (s, p) -> allows.add(new String[] {s, p})));
                    Outcome outcome;
                    Throwable thrown = null;
                    try {
                        f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        outcome = Outcome.RESULT;
                    } catch (TimeoutException e) {
                        outcome = Outcome.HUNG;
                        f.cancel(true);
                        worker.shutdownNow();
                        worker = Executors.newSingleThreadExecutor();
                    } catch (ExecutionException e) {
                        thrown = e.getCause();
                        outcome = thrown instanceof WrongResult
                                ? Outcome.WRONG_RESULT
                                : declared(thrown) ? Outcome.DECLARED : Outcome.UNEXPECTED;
                    }
                    if (entry.writes()
                            && thrown != null
                            && outcome != Outcome.HUNG
                            && cs.ledger().headPosition() != head) {
                        outcome = Outcome.PARTIAL_WRITE;
                    }
                    for (String[] allow : allows) {
                        if (!justified(cs, allow[0], allow[1])) {
                            outcome = Outcome.WRONG_RESULT;
                            thrown = new WrongResult("allowed " + allow[1] + " for " + abbreviate(allow[0]));
                        }
                    }
                    tried++;
                    outcomes.merge(outcome, 1L, Long::sum);
                    byEntry.computeIfAbsent(entry.name(), k -> new EnumMap<>(Outcome.class))
                            .merge(outcome, 1L, Long::sum);
                    if (outcome.compareTo(Outcome.UNEXPECTED) >= 0 && examples.size() < 20) {
                        examples.add(entry.name() + ": " + outcome + ": " + abbreviate(String.valueOf(thrown), 1500));
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        boolean clean = cs.ledger().verify().ok();

        Figures figures = figures("hostile-input")
                .parameter("entry points", byEntry.size())
                .parameter("calls per entry point", calls)
                .parameter("seed", 20261123L)
                .count("inputs tried", tried);
        for (Outcome o : Outcome.values()) {
            figures.count(o.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), outcomes.getOrDefault(o, 0L));
        }
        figures.count("verify clean", clean).write();
        byEntry.forEach((name, counts) -> System.out.println("  " + name + ": " + counts));
        examples.forEach(e -> System.out.println("  example: " + e));

        assertThat(examples).as("calls that ended badly").isEmpty();
        assertThat(outcomes.getOrDefault(Outcome.RESULT, 0L))
                .as("calls that returned")
                .isPositive();
        assertThat(outcomes.getOrDefault(Outcome.DECLARED, 0L))
                .as("calls rejected")
                .isPositive();
        assertThat(clean).as("the ledger verifies after the run").isTrue();
    }

    /** Whether {@code thrown} is what the entry points declare for bad input. */
    static boolean declared(Throwable thrown) {
        if (thrown instanceof StoreUnavailableException) {
            return false;
        }
        if (thrown instanceof ConsentException) {
            return true;
        }
        return thrown instanceof NullPointerException npe
                && npe.getMessage() != null
                && ARGUMENT_NAME.matcher(npe.getMessage()).matches();
    }

    /** Whether an allow of {@code purposeId} for exactly {@code subject} has grounds in the ledger. */
    private static boolean justified(ConsentSystem cs, String subject, String purposeId) {
        Optional<Purpose> purpose = cs.purposes().find(purposeId);
        if (purpose.isEmpty() || purpose.get().retired()) {
            return false;
        }
        LegalBasis basis = purpose.get().legalBasis();
        if (basis != LegalBasis.CONSENT && basis != LegalBasis.LEGITIMATE_INTEREST) {
            return true;
        }
        List<ConsentRecord> history = cs.ledger().history(subject);
        ConsentRecord latest = null;
        for (ConsentRecord r : history) {
            if (r.action().isLifecycle()) {
                return false;
            }
            if (purposeId.equals(r.purposeId())
                    || purpose.get().group().map(g -> g.equals(r.purposeId())).orElse(false)) {
                latest = r;
            }
        }
        if (basis == LegalBasis.LEGITIMATE_INTEREST) {
            return latest == null || latest.action() != Action.OBJECTED;
        }
        return latest != null && latest.action() == Action.GRANTED;
    }

    private static String abbreviate(@Nullable String s) {
        return abbreviate(s, 120);
    }

    private static String abbreviate(@Nullable String s, int max) {
        return s == null ? "null" : s.length() <= max ? s : s.substring(0, max) + "... (" + s.length() + " chars)";
    }
}
