package dev.consent.internal;

import dev.consent.Action;
import dev.consent.ConsentReports;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.TransparencyReport;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.PeriodCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The reports over a store. See {@link ConsentReports} for the contract. */
final class DefaultReports implements ConsentReports {
    private final ConsentStore store;
    private final DefaultPurposeRegistry registry;

    DefaultReports(ConsentStore store, DefaultPurposeRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Override
    public TransparencyReport transparency(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", to, "must be after from (" + from + ")");
        }
        if (from.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException("from", from, "must have millisecond precision, as record times have");
        }
        if (to.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException("to", to, "must have millisecond precision, as record times have");
        }
        PeriodCounts counts = DefaultLedger.guarded(() -> store.countPeriod(from, to), "count the period");
        DefaultLedger.guarded(() -> {
            registry.reload();
            return null;
        }, "read the purposes");
        Map<String, Purpose> inForce = new TreeMap<>(registry.inForceAt(to.minusMillis(1)));
        for (PeriodCounts.ActionCount c : counts.actions()) {
            // a record imported with a time before its purpose was defined: describe it by today's definition
            String id = c.purposeId();
            if (id != null && !inForce.containsKey(id)) {
                registry.find(id).ifPresent(p -> inForce.put(id, p));
            }
        }
        return build(from, to, counts, inForce);
    }

    static TransparencyReport build(Instant from, Instant to, PeriodCounts counts, Map<String, Purpose> inForce) {
        TreeSet<String> ids = new TreeSet<>(inForce.keySet());
        Map<String, long[]> events = new TreeMap<>();
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
            events.computeIfAbsent(c.purposeId(), k -> new long[5])[c.action().ordinal()] += c.count();
        }
        Map<String, long[]> ends = new TreeMap<>();
        for (PeriodCounts.EndStateCount c : counts.endStates()) {
            ids.add(c.purposeId());
            Purpose p = inForce.get(c.purposeId());
            int minValid = p == null ? 1 : p.minValidVersion();
            long[] e = ends.computeIfAbsent(c.purposeId(), k -> new long[4]);
            if (c.action().isConsentDecision()) {
                e[3] += c.count();
            }
            if (c.action() != Action.GRANTED) {
                continue;
            }
            if (c.purposeVersion() < minValid) {
                e[2] += c.count();
            } else if (c.expiry() == PeriodCounts.Expiry.NOT_EXPIRED) {
                e[0] += c.count();
            } else if (c.expiry() == PeriodCounts.Expiry.IN_PERIOD) {
                e[1] += c.count();
            }
        }
        List<TransparencyReport.Row> rows = new ArrayList<>();
        for (String id : ids) {
            Purpose p = inForce.get(id);
            long[] ev = events.getOrDefault(id, new long[5]);
            long[] e = ends.getOrDefault(id, new long[4]);
            rows.add(new TransparencyReport.Row(id, p == null ? 0 : p.version(),
                    p == null ? LegalBasis.CONSENT : p.legalBasis(), p == null ? 1 : p.minValidVersion(),
                    ev[Action.GRANTED.ordinal()], ev[Action.DENIED.ordinal()], ev[Action.WITHDRAWN.ordinal()],
                    ev[Action.OBJECTED.ordinal()], ev[Action.OBJECTION_WITHDRAWN.ordinal()], e[0], e[1], e[2], e[3]));
        }
        return new TransparencyReport(from, to, counts.asOfPosition(), erasures, deaths, rows);
    }
}
