package dev.consent.audit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one drift audit run; the violations themselves went to the run's consumer. Immutable.
 *
 * @param eventsRead the events read
 * @param violations the events without a valid basis at their instant
 * @param subjectRuns the runs of consecutive events of one subject: the number of subjects when the log is
 *     grouped by subject, more when a subject's events are spread out (counting distinct subjects exactly would
 *     take memory growing with the log)
 * @param historyReads the subject histories read from the store: one per subject when the log is grouped by
 *     subject or the history cache holds the subjects it returns to
 * @param byPurpose the totals per purpose id, sorted by id (unknown purpose ids included)
 * @param bySystem the totals per system, sorted by name
 */
public record DriftReport(
        long eventsRead,
        long violations,
        long subjectRuns,
        long historyReads,
        Map<String, DriftTotals> byPurpose,
        Map<String, DriftTotals> bySystem) {
    /** Copies the maps, sorted. */
    public DriftReport {
        byPurpose = Collections.unmodifiableMap(new TreeMap<>(byPurpose));
        bySystem = Collections.unmodifiableMap(new TreeMap<>(bySystem));
    }

    /** Whether no event lacked a valid basis. */
    public boolean clean() {
        return violations == 0;
    }
}
