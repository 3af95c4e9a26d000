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
        return build(from, to, counts, inForce, rule);
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

    static TransparencyReport build(
            Instant from, Instant to, PeriodCounts counts, Map<String, Purpose> inForce, dev.consent.ComingOfAge rule) {
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
                    e[ASKED]));
        }
        return new TransparencyReport(from, to, counts.asOfPosition(), erasures, deaths, rows);
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
