package dev.consent.retention;

import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.internal.Checks;
import dev.consent.retention.RetentionRun.RuleResult;
import dev.consent.spi.ConsentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies retention rules to a ledger: storage limitation (GDPR Art. 5(1)(e)) as a job to schedule, say, nightly.
 *
 * <pre>{@code
 * Retention retention = Retention.builder()
 *         .consent(consent).store(store).clock(clock)
 *         .rule(RetentionRule.evidence(Period.ofYears(3)))
 *         .rule(RetentionRule.evidence(Period.ofYears(1)).inCategory("Marketing"))
 *         .rule(RetentionRule.inactiveSubjects(Period.ofYears(6)))
 *         .build();
 * RetentionRun planned = retention.dryRun();   // what would go, nothing written
 * RetentionRun done = retention.run(500);      // applied in batches of 500
 * }</pre>
 *
 * <p>Each run computes every rule's cut-off once, from its clock, when it starts (see {@link RetentionRule}),
 * then applies the evidence rules and then the subject rules, each in the order given, and reports per rule in
 * a {@link RetentionRun}, which it also logs at INFO (counts only, no subject ids). Evidence is removed a batch
 * of records at a time, each batch atomically; subjects are erased one at a time by
 * {@link dev.consent.ConsentLedger#erase} (actor {@link Actor#system()}, channel API, collection point
 * {@code retention} unless {@link Builder#collectionPoint(String) set}), each read again just before, so that a
 * subject with a new record since the batch was read is kept.
 *
 * <p><b>Restartable and idempotent.</b> A run that fails halfway (the store fails, the process dies) leaves
 * what it did done, and the next run does only what is left; a second run at the same instant changes nothing.
 * Records are never deleted, so after any run the ledger verifies and every record still proves its decision.
 *
 * <p><b>Dry run.</b> Counts what a run started at the same instant would do, writing nothing; on a ledger no one
 * writes to meanwhile, its counts equal the run's. Overlapping rules are counted as the run applies them: what
 * an earlier rule takes is not counted again (the dry run keeps the ids counted so far in memory when there are
 * several rules of a kind).
 *
 * <p>Thread-safe, but runs should not overlap: two at once do no harm (removal and erasure are idempotent), but
 * their reports would each count part of the work.
 */
public final class Retention {
    /** The largest batch {@link #run(int)} accepts. */
    public static final int MAX_BATCH_SIZE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ConsentSystem consent;
    private final ConsentStore store;
    private final Clock clock;
    private final List<RetentionRule> rules;
    private final CollectionContext context;

    private Retention(Builder b, ConsentSystem consent, ConsentStore store) {
        this.consent = consent;
        this.store = store;
        this.clock = b.clock;
        List<RetentionRule> ordered = new ArrayList<>();
        for (RetentionRule.Kind kind : RetentionRule.Kind.values()) {
            b.rules.stream().filter(r -> r.kind() == kind).forEach(ordered::add);
        }
        this.rules = List.copyOf(ordered);
        this.context = CollectionContext.builder(Channel.API)
                .collectionPoint(b.collectionPoint)
                .actor(Actor.system())
                .build();
    }

    /** Starts configuring retention; {@link Builder#consent}, {@link Builder#store} and a rule are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rules, in the order a run applies them: evidence rules, then subject rules, each in the order given. */
    public List<RetentionRule> rules() {
        return rules;
    }

    /**
     * Counts what {@link #run(int)} would do now, per rule, writing nothing.
     *
     * @throws dev.consent.StoreUnavailableException if the store failed
     * @throws UnsupportedOperationException if the store does not implement retention
     */
    public RetentionRun dryRun() {
        Instant started = clock.instant();
        RuleRunner runner = new RuleRunner(store, consent.ledger(), context);
        Set<UUID> seenRecords = several(RetentionRule.Kind.EVIDENCE) ? new HashSet<>() : null;
        Set<String> seenSubjects = several(RetentionRule.Kind.INACTIVE_SUBJECTS) ? new HashSet<>() : null;
        List<RuleResult> results = new ArrayList<>();
        for (RetentionRule rule : rules) {
            Instant cutoff = rule.cutoff(started, clock);
            results.add(
                    rule.kind() == RetentionRule.Kind.EVIDENCE
                            ? runner.countEvidence(rule, cutoff, purposesOf(rule), seenRecords)
                            : runner.countSubjects(rule, cutoff, seenSubjects));
        }
        return logged(new RetentionRun(true, 0, started, clock.instant(), results));
    }

    /**
     * Applies every rule now: removes the evidence of records past their period, {@code batchSize} records per
     * store call, and erases the subjects past theirs, reading {@code batchSize} subjects per store call.
     *
     * @param batchSize how many records or subjects a batch holds, between 1 and {@value #MAX_BATCH_SIZE}
     * @return what each rule did
     * @throws InvalidInputException if {@code batchSize} is out of range, naming it; nothing is written
     * @throws dev.consent.StoreUnavailableException if the store failed; what was done before stays done, and
     *     running again does what is left
     * @throws UnsupportedOperationException if the store does not implement retention
     */
    public RetentionRun run(int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidInputException("batchSize", batchSize, "must be between 1 and " + MAX_BATCH_SIZE);
        }
        Instant started = clock.instant();
        RuleRunner runner = new RuleRunner(store, consent.ledger(), context);
        List<RuleResult> results = new ArrayList<>();
        for (RetentionRule rule : rules) {
            Instant cutoff = rule.cutoff(started, clock);
            try {
                results.add(
                        rule.kind() == RetentionRule.Kind.EVIDENCE
                                ? runner.removeEvidence(rule, cutoff, purposesOf(rule), batchSize)
                                : runner.eraseSubjects(rule, cutoff, batchSize));
            } catch (RuntimeException e) {
                LOG.warn(
                        "Retention run started at {} failed at rule '{}' after {} rule(s) done; running it again does"
                                + " what is left",
                        started,
                        rule,
                        results.size(),
                        e);
                throw e;
            }
        }
        return logged(new RetentionRun(false, batchSize, started, clock.instant(), results));
    }

    private boolean several(RetentionRule.Kind kind) {
        return rules.stream().filter(r -> r.kind() == kind).count() > 1;
    }

    /** The purposes of an evidence rule's category, as the registry holds them now; {@code null} for all. */
    private @Nullable Set<String> purposesOf(RetentionRule rule) {
        String category = rule.category().orElse(null);
        if (category == null) {
            return null;
        }
        Set<String> ids = new TreeSet<>();
        for (Purpose p : consent.purposes().current()) {
            if (p.category().filter(category::equals).isPresent()) {
                ids.add(p.id());
            }
        }
        return ids;
    }

    private static RetentionRun logged(RetentionRun run) {
        for (RuleResult r : run.rules()) {
            LOG.info(
                    "Retention {} started at {}: rule '{}', cut-off {}: evidence of {} record(s) {}, {} subject(s) {},"
                            + " {} batch(es)",
                    run.dryRun() ? "dry run" : "run",
                    run.startedAt(),
                    r.rule(),
                    r.cutoff(),
                    r.records(),
                    run.dryRun() ? "to remove" : "removed",
                    r.subjects().size(),
                    run.dryRun() ? "to erase" : "erased",
                    r.batches());
        }
        return run;
    }

    /**
     * Configures {@link Retention}. Each setting may be given once ({@link #rule} once per rule); a bad value is
     * rejected at once with the value in the message. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable ConsentSystem consent;
        private @Nullable ConsentStore store;
        private Clock clock = Clock.systemUTC();
        private String collectionPoint = "retention";
        private final Set<RetentionRule> rules = new LinkedHashSet<>();
        private final Set<String> given = new HashSet<>();

        private Builder() {}

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** The system whose ledger erases subjects and whose registry names the purposes of a category; required. */
        public Builder consent(ConsentSystem consent) {
            once("consent");
            this.consent = Objects.requireNonNull(consent, "consent");
            return this;
        }

        /**
         * The store {@link #consent} was built over, which retention asks what has outlived its period and from
         * which it removes evidence; required. Left open.
         */
        public Builder store(ConsentStore store) {
            once("store");
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The clock the cut-offs count back from, in its time zone; defaults to the UTC system clock. Give the
         * consent system's clock, as a rule.
         */
        public Builder clock(Clock clock) {
            once("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a rule.
         *
         * @throws InvalidInputException if an equal rule was added already, naming {@code rule}
         */
        public Builder rule(RetentionRule rule) {
            Objects.requireNonNull(rule, "rule");
            if (!rules.add(rule)) {
                throw new InvalidInputException("rule", rule, "is given twice");
            }
            return this;
        }

        /**
         * The collection point of the erasure records retention writes; defaults to {@code retention}.
         *
         * @throws InvalidInputException if it is blank or too long
         */
        public Builder collectionPoint(String collectionPoint) {
            once("collectionPoint");
            this.collectionPoint = Checks.text(
                    "collectionPoint",
                    Objects.requireNonNull(collectionPoint, "collectionPoint"),
                    Checks.MAX_ID_LENGTH);
            return this;
        }

        /**
         * Builds the retention.
         *
         * @throws IllegalStateException if the system, the store or every rule is missing
         */
        public Retention build() {
            if (consent == null || store == null || rules.isEmpty()) {
                throw new IllegalStateException("retention needs consent(...), store(...) and at least one rule(...)");
            }
            return new Retention(this, consent, store);
        }
    }
}
