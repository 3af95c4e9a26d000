package dev.consent.audit;

import dev.consent.ConsentLedger;
import dev.consent.Decision;
import dev.consent.InvalidInputException;
import dev.consent.internal.PastDecisions;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link DriftAudit}: the histories of the subjects in flight (the current one, and up to the
 * cache size of those seen before, least recently used first out), the totals and the counts.
 */
final class DriftRun {
    private final ConsentLedger ledger;
    private final PastDecisions decisions;
    private final Consumer<? super DriftViolation> out;
    private final LinkedHashMap<String, PastDecisions.Timeline> cache;
    private final Map<String, long[]> byPurpose = new HashMap<>();
    private final Map<String, long[]> bySystem = new HashMap<>();
    private @Nullable String subject;
    private PastDecisions.@Nullable Timeline timeline;
    private long events;
    private long violations;
    private long subjectRuns;
    private long historyReads;

    DriftRun(ConsentLedger ledger, PastDecisions decisions, int cacheSize, Consumer<? super DriftViolation> out) {
        this.ledger = ledger;
        this.decisions = decisions;
        this.out = out;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PastDecisions.Timeline> eldest) {
                return size() > cacheSize;
            }
        };
    }

    DriftReport run(Iterator<ProcessingEvent> in) {
        while (in.hasNext()) {
            ProcessingEvent e = in.next();
            if (e == null) {
                throw new InvalidInputException("events[" + (events + 1) + "]", null, "must not be null");
            }
            accept(e);
        }
        return new DriftReport(events, violations, subjectRuns, historyReads, totals(byPurpose), totals(bySystem));
    }

    private void accept(ProcessingEvent e) {
        events++;
        PastDecisions.Timeline t = timeline;
        if (t == null || !e.subject().equals(subject)) {
            t = timelineOf(e.subject());
        }
        Decision d = decisions.decide(t, e.purposeId(), e.at());
        long[] purpose = byPurpose.computeIfAbsent(e.purposeId(), k -> new long[2]);
        long[] system = bySystem.computeIfAbsent(e.system(), k -> new long[2]);
        purpose[0]++;
        system[0]++;
        if (!d.allowed()) {
            violations++;
            purpose[1]++;
            system[1]++;
            out.accept(new DriftViolation(events, e, d));
        }
    }

    private PastDecisions.Timeline timelineOf(String next) {
        subjectRuns++;
        PastDecisions.Timeline t = cache.get(next);
        if (t == null) {
            t = decisions.timeline(ledger.history(next)); // one store read; a failure ends the run
            historyReads++;
            cache.put(next, t);
        }
        subject = next;
        timeline = t;
        return t;
    }

    private static Map<String, DriftTotals> totals(Map<String, long[]> counts) {
        Map<String, DriftTotals> out = new HashMap<>();
        counts.forEach((k, v) -> out.put(k, new DriftTotals(v[0], v[1])));
        return out;
    }
}
