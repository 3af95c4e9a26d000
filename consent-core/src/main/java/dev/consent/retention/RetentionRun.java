package dev.consent.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a run of {@link Retention} did, or what a dry run found it would do: one {@link RuleResult} per rule, in
 * the order the rules were applied (evidence rules first, then subject rules, each in the order given).
 * Immutable.
 *
 * <p>The subjects erased are listed by id: the report is personal data itself, to be kept as the DPO's record of
 * the erasures and no longer. The log line {@link Retention} writes holds the counts only.
 *
 * @param dryRun whether nothing was written (a dry run)
 * @param batchSize the largest batch of the run; 0 for a dry run
 * @param startedAt when the run started, by the retention's clock; the cut-offs count back from it
 * @param finishedAt when the run finished
 * @param rules the result of each rule
 */
public record RetentionRun(
        boolean dryRun, int batchSize, Instant startedAt, Instant finishedAt, List<RuleResult> rules) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks and copies the components. */
    public RetentionRun {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        rules = List.copyOf(rules);
        if (batchSize < 0) {
            throw new InvalidInputException("batchSize", batchSize, "must not be negative");
        }
    }

    /**
     * What one rule did.
     *
     * @param rule the rule
     * @param cutoff the instant before which records had outlived the rule's period
     * @param purposes for an evidence rule with a category, the purposes of that category it was limited to
     *     (empty if none has it); empty for other rules
     * @param records for an evidence rule, how many records had their evidence removed (or would have); 0 for
     *     subject rules
     * @param subjects for a subject rule, the subjects erased (or that would be), in the store's order; empty
     *     for evidence rules
     * @param batches how many batches the run took for this rule; 0 in a dry run
     */
    public record RuleResult(
            RetentionRule rule,
            Instant cutoff,
            List<String> purposes,
            long records,
            List<String> subjects,
            int batches) {
        /** Checks and copies the components. */
        public RuleResult {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(cutoff, "cutoff");
            purposes = List.copyOf(purposes);
            subjects = List.copyOf(subjects);
        }
    }

    /** The total of {@link RuleResult#records()} over every rule. */
    public long records() {
        return rules.stream().mapToLong(RuleResult::records).sum();
    }

    /** The total of {@link RuleResult#subjects()} over every rule. */
    public long subjects() {
        return rules.stream().mapToLong(r -> r.subjects().size()).sum();
    }

    /**
     * The run as JSON: {@code dryRun}, {@code batchSize}, {@code startedAt}, {@code finishedAt} (ISO-8601), and
     * {@code rules}, each with {@code rule} (its description), {@code kind}, {@code period}, {@code category}
     * (or null), {@code purposes}, {@code cutoff}, {@code records}, {@code subjectsErased}, {@code subjects} and
     * {@code batches}.
     */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("dryRun", dryRun);
        root.put("batchSize", batchSize);
        root.put("startedAt", startedAt.toString());
        root.put("finishedAt", finishedAt.toString());
        ArrayNode list = root.putArray("rules");
        for (RuleResult r : rules) {
            ObjectNode n = list.addObject();
            n.put("rule", r.rule().toString());
            n.put("kind", r.rule().kind().name());
            n.put("period", r.rule().period().toString());
            n.put("category", r.rule().category().orElse(null));
            ArrayNode purposes = n.putArray("purposes");
            r.purposes().forEach(purposes::add);
            n.put("cutoff", r.cutoff().toString());
            n.put("records", r.records());
            n.put("subjectsErased", r.subjects().size());
            ArrayNode subjects = n.putArray("subjects");
            r.subjects().forEach(subjects::add);
            n.put("batches", r.batches());
        }
        return root;
    }

    /** The run as a plain-text table, a row per rule, without subject ids. */
    public String toTable() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "Retention %s from %s to %s%s%n",
                dryRun ? "dry run" : "run",
                startedAt,
                finishedAt,
                dryRun ? "" : ", batches of " + batchSize));
        s.append(String.format(
                Locale.ROOT, "%-45s %-24s %9s %9s %8s%n", "rule", "cut-off", "records", "subjects", "batches"));
        for (RuleResult r : rules) {
            s.append(String.format(
                    Locale.ROOT,
                    "%-45s %-24s %9d %9d %8d%n",
                    r.rule(),
                    r.cutoff(),
                    r.records(),
                    r.subjects().size(),
                    r.batches()));
        }
        return s.toString();
    }
}
