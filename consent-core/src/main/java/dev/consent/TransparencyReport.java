package dev.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Per purpose and period {@code [from, to)}: what people decided, and where they stood at the end. Made by
 * {@link ConsentReports#transparency(Instant, Instant)}. Immutable. It names no subject.
 *
 * <p><b>Events in the period</b> are records with {@code from <= recordedAt < to}: every record counts, so a
 * person who granted, withdrew and granted again counts twice in {@link Row#grants()}.
 *
 * <p><b>The state at the end</b> is the state at the period's last millisecond, {@code to} minus 1 ms: what
 * {@link ConsentLedger#stateAt(String, Instant)} answers for that instant, counted over subjects (each
 * subject once per purpose), with the purpose's definition in force then. Subjects erased or recorded as
 * deceased before {@code to} are left out of the state at the end (their checks deny); {@link #erasures()}
 * and {@link #deaths()} count those recorded in the period. The figures are statuses, not decisions: a purpose
 * retired by the end keeps its row, and its grants count as active until withdrawn or expired (as
 * {@code stateAt} shows them {@code GRANTED}), although the enforcer denies all processing for it.
 *
 * <p><b>The consent rate</b> ({@link Row#consentRate()}) is {@link Row#activeAtEnd()} over
 * {@link Row#askedAtEnd()}: of the people asked (and not erased or deceased), the share whose consent is
 * valid at the end. A rate of grants over grants and denials in the period would look the same whether those
 * people withdrew the next day or not; this one falls with every withdrawal, every expiry and every grant
 * that needs re-consent after a material change, so it is the honest answer to "how many of the people we
 * asked agree today?".
 *
 * @param from the start of the period, inclusive
 * @param to the end of the period, exclusive
 * @param asOfPosition the ledger position the report is consistent with: every record up to it counts
 * @param erasures subjects erased in the period (one erasure record each)
 * @param deaths subjects recorded as deceased in the period
 * @param rows one row per purpose in force at the end or with records in the period, sorted by purpose id;
 *     unmodifiable
 * @param invalidations the ids of the {@link Invalidation}s in force at the end, oldest first: the grants they
 *     select count in {@link Row#reconsentPending()}, not as active or expired; unmodifiable
 */
public record TransparencyReport(
        Instant from,
        Instant to,
        long asOfPosition,
        long erasures,
        long deaths,
        List<Row> rows,
        List<java.util.UUID> invalidations) {
    /** The version of the JSON shape {@link #toJson()} writes. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the components and copies the rows. */
    public TransparencyReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", to, "must be after from (" + from + ")");
        }
        notNegative("asOfPosition", asOfPosition);
        notNegative("erasures", erasures);
        notNegative("deaths", deaths);
        rows = List.copyOf(rows);
        invalidations = List.copyOf(invalidations);
    }

    /** A report with no invalidation in force at the end. */
    public TransparencyReport(Instant from, Instant to, long asOfPosition, long erasures, long deaths, List<Row> rows) {
        this(from, to, asOfPosition, erasures, deaths, rows, List.of());
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidInputException(field, value, "must not be negative");
        }
    }

    /** The row of {@code purposeId}, if the report has one. */
    public java.util.Optional<Row> find(String purposeId) {
        Objects.requireNonNull(purposeId, "purposeId");
        return rows.stream().filter(r -> r.purposeId().equals(purposeId)).findFirst();
    }

    /**
     * The figures of one purpose.
     *
     * @param purposeId the purpose
     * @param purposeVersion the version in force at the end of the period (0 if none was)
     * @param legalBasis its legal basis then
     * @param minValidVersion the oldest version whose grants were still valid then
     * @param grants {@link Action#GRANTED} records in the period
     * @param denials {@link Action#DENIED} records in the period
     * @param withdrawals {@link Action#WITHDRAWN} records in the period
     * @param objections {@link Action#OBJECTED} records in the period
     * @param objectionWithdrawals {@link Action#OBJECTION_WITHDRAWN} records in the period
     * @param activeAtEnd subjects whose consent was valid at the end: latest record a grant for a version at or
     *     above {@code minValidVersion}, not expired, selected by no {@link Invalidation} in force then, and valid
     *     under the children rule ({@link AgeOfConsent})
     * @param expired subjects whose latest record at the end is a grant (of a still-valid version) that expired
     *     during the period and was not renewed
     * @param reconsentPending subjects whose latest record at the end is a grant of a version below
     *     {@code minValidVersion}, a grant that an {@link Invalidation} in force at the end selects, a child's grant
     *     without a guardian, or a guardian's grant for a subject who has come of age
     *     ({@link ComingOfAge#REQUIRE_RECONSENT}): they must be asked again
     * @param askedAtEnd subjects whose latest record at the end is a consent decision (granted, denied or
     *     withdrawn, in any period): the denominator of {@link #consentRate()}
     * @param activeAtEndByRecipient for a consent purpose, per recipient named by the version in force at the
     *     end (sorted by name): how many of the {@code activeAtEnd} subjects agreed to a version naming it, so
     *     that their data may go to it (see {@code docs/recipients.md}); empty for other legal bases;
     *     unmodifiable
     * @param optOuts {@link Action#OPTED_OUT} records in the period (opt-outs of sale or sharing, by a link or
     *     form or by a preference signal such as GPC); 0 in a report read from JSON written without it
     */
    public record Row(
            String purposeId,
            int purposeVersion,
            LegalBasis legalBasis,
            int minValidVersion,
            long grants,
            long denials,
            long withdrawals,
            long objections,
            long objectionWithdrawals,
            long activeAtEnd,
            long expired,
            long reconsentPending,
            long askedAtEnd,
            Map<String, Long> activeAtEndByRecipient,
            long optOuts) {
        /** A row without figures per recipient and without opt-outs. */
        public Row(
                String purposeId,
                int purposeVersion,
                LegalBasis legalBasis,
                int minValidVersion,
                long grants,
                long denials,
                long withdrawals,
                long objections,
                long objectionWithdrawals,
                long activeAtEnd,
                long expired,
                long reconsentPending,
                long askedAtEnd) {
            this(
                    purposeId,
                    purposeVersion,
                    legalBasis,
                    minValidVersion,
                    grants,
                    denials,
                    withdrawals,
                    objections,
                    objectionWithdrawals,
                    activeAtEnd,
                    expired,
                    reconsentPending,
                    askedAtEnd,
                    Map.of(),
                    0);
        }

        /** A row with figures per recipient, without opt-outs. */
        public Row(
                String purposeId,
                int purposeVersion,
                LegalBasis legalBasis,
                int minValidVersion,
                long grants,
                long denials,
                long withdrawals,
                long objections,
                long objectionWithdrawals,
                long activeAtEnd,
                long expired,
                long reconsentPending,
                long askedAtEnd,
                Map<String, Long> activeAtEndByRecipient) {
            this(
                    purposeId,
                    purposeVersion,
                    legalBasis,
                    minValidVersion,
                    grants,
                    denials,
                    withdrawals,
                    objections,
                    objectionWithdrawals,
                    activeAtEnd,
                    expired,
                    reconsentPending,
                    askedAtEnd,
                    activeAtEndByRecipient,
                    0);
        }

        /** A row with opt-outs, without figures per recipient. */
        public Row(
                String purposeId,
                int purposeVersion,
                LegalBasis legalBasis,
                int minValidVersion,
                long grants,
                long denials,
                long withdrawals,
                long objections,
                long objectionWithdrawals,
                long activeAtEnd,
                long expired,
                long reconsentPending,
                long askedAtEnd,
                long optOuts) {
            this(
                    purposeId,
                    purposeVersion,
                    legalBasis,
                    minValidVersion,
                    grants,
                    denials,
                    withdrawals,
                    objections,
                    objectionWithdrawals,
                    activeAtEnd,
                    expired,
                    reconsentPending,
                    askedAtEnd,
                    Map.of(),
                    optOuts);
        }

        /** Checks the components and copies the figures per recipient, sorted by recipient. */
        public Row {
            Objects.requireNonNull(purposeId, "purposeId");
            Objects.requireNonNull(legalBasis, "legalBasis");
            notNegative("purposeVersion", purposeVersion);
            notNegative("minValidVersion", minValidVersion);
            long[] counts = {
                grants,
                denials,
                withdrawals,
                objections,
                objectionWithdrawals,
                activeAtEnd,
                expired,
                reconsentPending,
                askedAtEnd,
                optOuts
            };
            String[] names = {
                "grants",
                "denials",
                "withdrawals",
                "objections",
                "objectionWithdrawals",
                "activeAtEnd",
                "expired",
                "reconsentPending",
                "askedAtEnd",
                "optOuts"
            };
            for (int i = 0; i < counts.length; i++) {
                notNegative(names[i], counts[i]);
            }
            if (activeAtEnd + expired + reconsentPending > askedAtEnd) {
                throw new InvalidInputException(
                        "activeAtEnd",
                        activeAtEnd,
                        "with expired (" + expired
                                + ") and reconsentPending (" + reconsentPending + ") must not exceed askedAtEnd ("
                                + askedAtEnd + "): they are grants among the subjects asked");
            }
            Objects.requireNonNull(activeAtEndByRecipient, "activeAtEndByRecipient");
            for (Map.Entry<String, Long> e : activeAtEndByRecipient.entrySet()) {
                String field = "activeAtEndByRecipient[" + e.getKey() + "]";
                long n = Objects.requireNonNull(e.getValue(), field);
                if (n < 0 || n > activeAtEnd) {
                    throw new InvalidInputException(
                            field, n, "must be between 0 and activeAtEnd (" + activeAtEnd + ")");
                }
            }
            activeAtEndByRecipient = Collections.unmodifiableMap(new TreeMap<>(activeAtEndByRecipient));
        }

        /**
         * {@link #activeAtEnd()} over {@link #askedAtEnd()}, between 0 and 1; empty when no one was asked.
         * See the class comment for why withdrawals count this way.
         */
        public OptionalDouble consentRate() {
            return askedAtEnd == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) activeAtEnd / askedAtEnd);
        }
    }

    /**
     * This report as JSON, version {@value #VERSION}: {@code reportVersion}, {@code from}, {@code to} (ISO-8601),
     * {@code asOfPosition}, {@code erasures}, {@code deaths}, and {@code purposes}, an array of objects with the
     * fields of {@link Row} ({@code activeAtEndByRecipient} an object from recipient to count; absent reads as
     * empty) and {@code consentRate} (a number, or null when no one was asked; ignored when read).
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("reportVersion", VERSION);
        root.put("from", from.toString());
        root.put("to", to.toString());
        root.put("asOfPosition", asOfPosition);
        root.put("erasures", erasures);
        root.put("deaths", deaths);
        if (!invalidations.isEmpty()) {
            ArrayNode ids = root.putArray("invalidations");
            invalidations.forEach(id -> ids.add(id.toString()));
        }
        ArrayNode list = root.putArray("purposes");
        for (Row r : rows) {
            ObjectNode n = list.addObject();
            n.put("purposeId", r.purposeId());
            n.put("purposeVersion", r.purposeVersion());
            n.put("legalBasis", r.legalBasis().name());
            n.put("minValidVersion", r.minValidVersion());
            n.put("grants", r.grants());
            n.put("denials", r.denials());
            n.put("withdrawals", r.withdrawals());
            n.put("objections", r.objections());
            n.put("objectionWithdrawals", r.objectionWithdrawals());
            n.put("activeAtEnd", r.activeAtEnd());
            n.put("expired", r.expired());
            n.put("reconsentPending", r.reconsentPending());
            n.put("askedAtEnd", r.askedAtEnd());
            ObjectNode byRecipient = n.putObject("activeAtEndByRecipient");
            r.activeAtEndByRecipient().forEach(byRecipient::put);
            n.put("optOuts", r.optOuts());
            OptionalDouble rate = r.consentRate();
            if (rate.isPresent()) {
                n.put("consentRate", rate.getAsDouble());
            } else {
                n.putNull("consentRate");
            }
        }
        return root.toString();
    }

    /**
     * Reads the JSON of {@link #toJson()} back; fields it does not know are ignored.
     *
     * @throws InvalidInputException if the text is not such a report (the field names a missing one, or one of
     *     the wrong type or with an impossible value), or of another version
     */
    public static TransparencyReport fromJson(String json) {
        return ReportReader.read(json);
    }

    /** The report as a text table for a terminal: one line per purpose, then the erasures and deaths. */
    public String toTable() {
        return ReportTable.of(this);
    }

    @Override
    public String toString() {
        return toTable();
    }
}
