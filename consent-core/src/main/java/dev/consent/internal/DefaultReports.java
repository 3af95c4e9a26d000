package dev.consent.internal;

import dev.consent.Action;
import dev.consent.ConsentReports;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.TransparencyReport;
import dev.consent.spi.PeriodCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The reports over a store. See {@link ConsentReports} for the contract. */
final class DefaultReports implements ConsentReports {
    /** Indexes of the figures of the state at the end, per purpose. */
    private static final int ACTIVE = 0;

    private static final int EXPIRED = 1;
    private static final int RECONSENT = 2;
    private static final int ASKED = 3;

    private final GuardedStore store;
    private final DefaultPurposeRegistry registry;
    private final dev.consent.ComingOfAge rule;

    DefaultReports(GuardedStore store, DefaultPurposeRegistry registry, dev.consent.ComingOfAge rule) {
        this.store = store;
        this.registry = registry;
        this.rule = rule;
    }

    @Override
    public TransparencyReport transparency(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", to, "must be after from (" + from + ")");
        }
        millis("from", from);
        millis("to", to);
        PeriodCounts counts = store.countPeriod(from, to);
        // installs a new registry generation (which makes every cached snapshot stale) only if they changed
        registry.refreshIfChanged();
        Map<String, Purpose> inForce = new TreeMap<>(registry.inForceAt(to.minusMillis(1)));
        for (PeriodCounts.ActionCount c : counts.actions()) {
            // a record imported with a time before its purpose was defined: describe it by today's definition
            String id = c.purposeId();
            if (id != null && !inForce.containsKey(id)) {
                registry.find(id).ifPresent(p -> inForce.put(id, p));
            }
        }
        Instant end = to.minusMillis(1);
        List<dev.consent.GrantFilter> filters = registry.view().invalidations.filtersActiveAt(end);
        List<PeriodCounts.EndStateCount> selected =
                filters.isEmpty() ? List.of() : store.countSelectedEndStates(from, to, filters);
        List<java.util.UUID> ids = new ArrayList<>();
        for (dev.consent.Invalidation i : registry.view().invalidations.all()) {
            if (i.activeAt(end)) {
                ids.add(i.id());
            }
        }
        TransparencyReport plain = build(from, to, counts, inForce, registry::versions, rule);
        return ids.isEmpty() ? plain : invalidated(plain, selected, ids, registry::versions);
    }

    /**
     * {@code report} with the grants that invalidations in force at the end select moved to
     * {@link TransparencyReport.Row#reconsentPending()}: out of the active ones (not expired) or the expired ones
     * (expired in the period); grants of a version below the oldest valid are there already.
     */
    static TransparencyReport invalidated(
            TransparencyReport report,
            List<PeriodCounts.EndStateCount> selected,
            List<java.util.UUID> ids,
            java.util.function.Function<String, List<Purpose>> versions) {
        Map<String, long[]> moved = new TreeMap<>();
        for (TransparencyReport.Row row : report.rows()) {
            for (PeriodCounts.EndStateCount c : selected) {
                if (!c.purposeId().equals(row.purposeId()) || c.purposeVersion() < row.minValidVersion()) {
                    continue;
                }
                long[] m = moved.computeIfAbsent(row.purposeId(), k -> new long[3]);
                m[RECONSENT] += c.count();
                if (c.expiry() == PeriodCounts.Expiry.NOT_EXPIRED) {
                    m[ACTIVE] += c.count();
                } else if (c.expiry() == PeriodCounts.Expiry.IN_PERIOD) {
                    m[EXPIRED] += c.count();
                }
            }
        }
        List<TransparencyReport.Row> rows = new ArrayList<>();
        for (TransparencyReport.Row r : report.rows()) {
            long[] m = moved.getOrDefault(r.purposeId(), new long[3]);
            // a grant the children rule already counts as needing re-consent may be selected too: never below 0
            long active = Math.max(0, r.activeAtEnd() - m[ACTIVE]);
            long expired = Math.max(0, r.expired() - m[EXPIRED]);
            rows.add(new TransparencyReport.Row(
                    r.purposeId(),
                    r.purposeVersion(),
                    r.legalBasis(),
                    r.minValidVersion(),
                    r.grants(),
                    r.denials(),
                    r.withdrawals(),
                    r.objections(),
                    r.objectionWithdrawals(),
                    active,
                    expired,
                    Math.min(r.askedAtEnd() - active - expired, r.reconsentPending() + m[RECONSENT]),
                    r.askedAtEnd(),
                    withoutInvalidated(r, selected, versions),
                    r.optOuts()));
        }
        return new TransparencyReport(
                report.from(), report.to(), report.asOfPosition(), report.erasures(), report.deaths(), rows, ids);
    }

    /**
     * {@code row}'s figures per recipient without the active grants that invalidations select: each such grant
     * of version v no longer counts for the recipients v names.
     */
    private static Map<String, Long> withoutInvalidated(
            TransparencyReport.Row row,
            List<PeriodCounts.EndStateCount> selected,
            java.util.function.Function<String, List<Purpose>> versions) {
        if (row.activeAtEndByRecipient().isEmpty()) {
            return row.activeAtEndByRecipient();
        }
        List<Purpose> all = versions.apply(row.purposeId());
        Map<String, Long> out = new TreeMap<>(row.activeAtEndByRecipient());
        for (PeriodCounts.EndStateCount c : selected) {
            int v = c.purposeVersion();
            if (!c.purposeId().equals(row.purposeId())
                    || v < row.minValidVersion()
                    || c.expiry() != PeriodCounts.Expiry.NOT_EXPIRED
                    || v < 1
                    || v > all.size()) {
                continue;
            }
            for (String recipient : all.get(v - 1).recipients()) {
                out.computeIfPresent(recipient, (k, n) -> Math.max(0, n - c.count()));
            }
        }
        return out;
    }

    /** Rejects an instant that is not a whole number of epoch milliseconds within the range of a long. */
    private static void millis(String field, Instant instant) {
        if (instant.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException(field, instant, "must have millisecond precision, as record times have");
        }
        try {
            instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new InvalidInputException(field, instant, "is beyond the range of epoch milliseconds");
        }
    }

    /**
     * The report from the counts, {@code inForce} the versions in force at the end and {@code versions} every
     * version of a purpose (oldest first), for the figures per recipient.
     */
    static TransparencyReport build(
            Instant from,
            Instant to,
            PeriodCounts counts,
            Map<String, Purpose> inForce,
            java.util.function.Function<String, List<Purpose>> versions,
            dev.consent.ComingOfAge rule) {
        TreeSet<String> ids = new TreeSet<>(inForce.keySet());
        Map<String, EnumMap<Action, Long>> events = new TreeMap<>();
        long erasures = 0;
        long deaths = 0;
        for (PeriodCounts.ActionCount c : counts.actions()) {
            if (c.purposeId() == null) {
                if (c.action() == Action.SUBJECT_ERASED) {
                    erasures += c.count();
                } else if (c.action() == Action.SUBJECT_DECEASED) {
                    deaths += c.count();
                }
                continue;
            }
            ids.add(c.purposeId());
            events.computeIfAbsent(c.purposeId(), k -> new EnumMap<>(Action.class))
                    .merge(c.action(), c.count(), Long::sum);
        }
        Map<String, long[]> ends = new TreeMap<>();
        Map<String, Map<Integer, Long>> activeByVersion = new TreeMap<>();
        for (PeriodCounts.EndStateCount c : counts.endStates()) {
            ids.add(c.purposeId());
            Purpose p = inForce.get(c.purposeId());
            int minValid = p == null ? 1 : p.minValidVersion();
            long[] e = ends.computeIfAbsent(c.purposeId(), k -> new long[4]);
            if (c.action().isConsentDecision()) {
                e[ASKED] += c.count();
            }
            if (c.action() != Action.GRANTED) {
                continue;
            }
            // the precedence of Rules.status: re-consent, then the children rule, then expiry
            if (c.purposeVersion() < minValid || needsNewConsent(c.minor(), rule)) {
                e[RECONSENT] += c.count();
            } else if (c.expiry() == PeriodCounts.Expiry.NOT_EXPIRED) {
                e[ACTIVE] += c.count();
                activeByVersion
                        .computeIfAbsent(c.purposeId(), k -> new TreeMap<>())
                        .merge(c.purposeVersion(), c.count(), Long::sum);
            } else if (c.expiry() == PeriodCounts.Expiry.IN_PERIOD) {
                e[EXPIRED] += c.count();
            }
        }
        List<TransparencyReport.Row> rows = new ArrayList<>();
        for (String id : ids) {
            Purpose p = inForce.get(id);
            EnumMap<Action, Long> ev = events.getOrDefault(id, new EnumMap<>(Action.class));
            long[] e = ends.getOrDefault(id, new long[4]);
            rows.add(new TransparencyReport.Row(
                    id,
                    p == null ? 0 : p.version(),
                    p == null ? LegalBasis.CONSENT : p.legalBasis(),
                    p == null ? 1 : p.minValidVersion(),
                    ev.getOrDefault(Action.GRANTED, 0L),
                    ev.getOrDefault(Action.DENIED, 0L),
                    ev.getOrDefault(Action.WITHDRAWN, 0L),
                    ev.getOrDefault(Action.OBJECTED, 0L),
                    ev.getOrDefault(Action.OBJECTION_WITHDRAWN, 0L),
                    e[ACTIVE],
                    e[EXPIRED],
                    e[RECONSENT],
                    e[ASKED],
                    byRecipient(p, activeByVersion.getOrDefault(id, Map.of()), versions),
                    ev.getOrDefault(Action.OPTED_OUT, 0L)));
        }
        return new TransparencyReport(from, to, counts.asOfPosition(), erasures, deaths, rows);
    }

    /**
     * For a consent purpose, per recipient of the version in force {@code p}: the active subjects (counted by
     * the version they agreed to in {@code active}) whose version names it. Empty for other legal bases.
     */
    private static Map<String, Long> byRecipient(
            @org.jspecify.annotations.Nullable Purpose p,
            Map<Integer, Long> active,
            java.util.function.Function<String, List<Purpose>> versions) {
        if (p == null || p.legalBasis() != LegalBasis.CONSENT || p.recipients().isEmpty()) {
            return Map.of();
        }
        List<Purpose> all = versions.apply(p.id());
        Map<String, Long> out = new TreeMap<>();
        for (String r : p.recipients()) {
            long n = 0;
            for (Map.Entry<Integer, Long> e : active.entrySet()) {
                int v = e.getKey();
                if (v >= 1 && v <= all.size() && all.get(v - 1).recipients().contains(r)) {
                    n += e.getValue();
                }
            }
            out.put(r, n);
        }
        return out;
    }

    /**
     * Whether the children rule leaves a grant needing a new consent at the period's end: a child's grant without a
     * guardian always, a guardian's grant for a subject now of age under {@link dev.consent.ComingOfAge#REQUIRE_RECONSENT}.
     */
    private static boolean needsNewConsent(PeriodCounts.Minor minor, dev.consent.ComingOfAge rule) {
        return minor == PeriodCounts.Minor.WITHOUT_GUARDIAN
                || minor == PeriodCounts.Minor.GUARDIAN_OF_AGE && rule == dev.consent.ComingOfAge.REQUIRE_RECONSENT;
    }
}
