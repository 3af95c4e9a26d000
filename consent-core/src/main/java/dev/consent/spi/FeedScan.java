package dev.consent.spi;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The default implementations of the store's reading methods that walk the change feed. */
final class FeedScan {
    /** Records per feed read. */
    static final int PAGE = 1_000;

    private FeedScan() {}

    /** Up to {@code limit} erasure records after {@code afterPosition}, from the feed. */
    static List<ConsentRecord> erasures(ConsentStore store, long afterPosition, int limit) {
        List<ConsentRecord> out = new ArrayList<>();
        long after = afterPosition;
        while (out.size() < limit) {
            List<ConsentRecord> page = store.readFeed(after, PAGE);
            for (ConsentRecord r : page) {
                if (r.action() == Action.SUBJECT_ERASED && out.size() < limit) {
                    out.add(r);
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).position();
        }
        return out;
    }

    /** The record with {@code id}, from the feed: one walk of the whole ledger at worst. */
    static java.util.Optional<ConsentRecord> record(ConsentStore store, java.util.UUID id) {
        long after = 0;
        while (true) {
            List<ConsentRecord> page = store.readFeed(after, PAGE);
            for (ConsentRecord r : page) {
                if (r.id().equals(id)) {
                    return java.util.Optional.of(r);
                }
            }
            if (page.size() < PAGE) {
                return java.util.Optional.empty();
            }
            after = page.get(page.size() - 1).position();
        }
    }

    /** The counts of a transparency report, from the feed up to the head read first. */
    static PeriodCounts periodCounts(ConsentStore store, Instant from, Instant to) {
        long head = store.headPosition();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        Map<String, Map<Action, Long>> actions = new LinkedHashMap<>();
        Map<String, ConsentRecord> latest = new HashMap<>();
        Set<String> ended = new HashSet<>();
        Map<String, ConsentRecord> ages = new HashMap<>();
        long after = 0;
        while (after < head) {
            List<ConsentRecord> page = store.readFeed(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (ConsentRecord r : page) {
                if (r.position() > head) {
                    break;
                }
                long at = r.recordedAt().toEpochMilli();
                if (at >= fromMs && at < toMs) {
                    actions.computeIfAbsent(r.purposeId() == null ? "" : r.purposeId(), k -> new LinkedHashMap<>())
                            .merge(r.action(), 1L, Long::sum);
                }
                if (at < toMs) {
                    if (r.action().isLifecycle()) {
                        ended.add(r.subject());
                    } else if (r.action() == Action.AGE_STATED) { // ends nothing; the latest one counts
                        ages.put(r.subject(), r);
                    } else if (r.purposeId() != null) {
                        // later positions of a subject are later records of its chain
                        latest.put(r.subject() + '\u0000' + r.purposeId(), r);
                    }
                }
            }
            after = page.get(page.size() - 1).position();
        }
        List<PeriodCounts.ActionCount> actionCounts = new ArrayList<>();
        actions.forEach((purpose, byAction) -> byAction.forEach((action, n) ->
                actionCounts.add(new PeriodCounts.ActionCount(purpose.isEmpty() ? null : purpose, action, n))));
        Map<List<Object>, Long> ends = new LinkedHashMap<>();
        for (ConsentRecord r : latest.values()) {
            if (ended.contains(r.subject())) {
                continue;
            }
            Long expires = r.expiresAt() == null ? null : r.expiresAt().toEpochMilli();
            ConsentRecord age = ages.get(r.subject());
            Long comesOfAge = age == null || age.expiresAt() == null
                    ? null
                    : age.expiresAt().toEpochMilli();
            ends.merge(
                    List.of(
                            r.purposeId(),
                            r.purposeVersion(),
                            r.action(),
                            PeriodCounts.Expiry.of(expires, fromMs, toMs),
                            PeriodCounts.Minor.of(
                                    r.action(), r.recordedAt().toEpochMilli(), r.actor(), comesOfAge, toMs)),
                    1L,
                    Long::sum);
        }
        List<PeriodCounts.EndStateCount> endCounts = new ArrayList<>();
        ends.forEach((k, n) -> endCounts.add(new PeriodCounts.EndStateCount(
                (String) k.get(0),
                (Integer) k.get(1),
                (Action) k.get(2),
                (PeriodCounts.Expiry) k.get(3),
                n,
                (PeriodCounts.Minor) k.get(4))));
        return new PeriodCounts(actionCounts, endCounts, head);
    }

    /** How many records {@code filter} selects, from the feed up to the head read first. */
    static long grants(ConsentStore store, dev.consent.GrantFilter filter) {
        long head = store.headPosition();
        long count = 0;
        long after = 0;
        while (after < head) {
            List<ConsentRecord> page = store.readFeed(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (ConsentRecord r : page) {
                if (r.position() <= head && filter.matches(r)) {
                    count++;
                }
            }
            after = page.get(page.size() - 1).position();
        }
        return count;
    }

    /** The end states of {@link #periodCounts} that are grants one of {@code anyOf} selects. */
    static List<PeriodCounts.EndStateCount> selectedEndStates(
            ConsentStore store, Instant from, Instant to, List<dev.consent.GrantFilter> anyOf) {
        List<PeriodCounts.EndStateCount> out = new ArrayList<>();
        for (PeriodCounts.EndStateCount c : endStates(store, from, to, r -> {
            for (dev.consent.GrantFilter f : anyOf) {
                if (f.matches(r)) {
                    return true;
                }
            }
            return false;
        })) {
            out.add(c);
        }
        return out;
    }

    /** The end states of the period over {@code [from, to)} whose latest record {@code keep} accepts. */
    private static List<PeriodCounts.EndStateCount> endStates(
            ConsentStore store, Instant from, Instant to, java.util.function.Predicate<ConsentRecord> keep) {
        long head = store.headPosition();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        Map<String, ConsentRecord> latest = new HashMap<>();
        Set<String> ended = new HashSet<>();
        long after = 0;
        while (after < head) {
            List<ConsentRecord> page = store.readFeed(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (ConsentRecord r : page) {
                if (r.position() <= head && r.recordedAt().toEpochMilli() < toMs) {
                    if (r.purposeId() == null) {
                        ended.add(r.subject());
                    } else {
                        latest.put(r.subject() + '\u0000' + r.purposeId(), r);
                    }
                }
            }
            after = page.get(page.size() - 1).position();
        }
        Map<List<Object>, Long> ends = new LinkedHashMap<>();
        for (ConsentRecord r : latest.values()) {
            if (ended.contains(r.subject()) || !keep.test(r)) {
                continue;
            }
            Long expires = r.expiresAt() == null ? null : r.expiresAt().toEpochMilli();
            ends.merge(
                    List.of(
                            r.purposeId(),
                            r.purposeVersion(),
                            r.action(),
                            PeriodCounts.Expiry.of(expires, fromMs, toMs)),
                    1L,
                    Long::sum);
        }
        List<PeriodCounts.EndStateCount> out = new ArrayList<>();
        ends.forEach((k, n) -> out.add(new PeriodCounts.EndStateCount(
                (String) k.get(0), (Integer) k.get(1), (Action) k.get(2), (PeriodCounts.Expiry) k.get(3), n)));
        return out;
    }
}
