package dev.consent.requests;

import dev.consent.Channel;
import dev.consent.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A data-subject request as its events tell it: what was asked, when it is due, where it stands, and every
 * event. Made by {@link #of(List)}; immutable.
 *
 * @param id the request's id
 * @param subject whose data it is about
 * @param kind what was asked for
 * @param channel how it reached the organisation
 * @param jurisdiction the law its deadline follows
 * @param receivedAt when it was received
 * @param zone the time zone its dates are counted in
 * @param receivedOn the date of receipt in {@code zone}
 * @param due the last day to answer it: the extended deadline once it is extended
 * @param extendableTo the deadline an extension would give, or {@code null} when the rule allows none
 * @param noticeBy the last day on which the subject may be told of an extension
 * @param extended whether the deadline was extended (it can be, once)
 * @param status where it stands
 * @param denialReason why it was denied, or {@code null} unless {@code DENIED}
 * @param closedAt when it was answered (completed, partially completed or denied), or {@code null}
 * @param receiptEvidence the evidence of receipt; unmodifiable
 * @param events every event, in sequence order; unmodifiable
 */
public record DataSubjectRequest(
        String id,
        String subject,
        RequestKind kind,
        Channel channel,
        String jurisdiction,
        Instant receivedAt,
        ZoneId zone,
        LocalDate receivedOn,
        LocalDate due,
        @Nullable LocalDate extendableTo,
        LocalDate noticeBy,
        boolean extended,
        RequestStatus status,
        @Nullable DenialReason denialReason,
        @Nullable Instant closedAt,
        Map<String, String> receiptEvidence,
        List<RequestEvent> events) {

    /** The outcome so far of one step (one access source or erasure target). */
    public record Step(
            String name,
            RequestEventType last,
            int attempts,
            @Nullable String summary,
            @Nullable String error) {
        /** Whether the step succeeded: it must not run again. */
        public boolean succeeded() {
            return last == RequestEventType.STEP_SUCCEEDED;
        }

        /**
         * Whether the step was started and nothing was recorded after: the process stopped while it ran, and
         * the step may or may not have taken effect.
         */
        public boolean interrupted() {
            return last == RequestEventType.STEP_STARTED;
        }
    }

    /**
     * Folds the events of one request, in sequence order from 1, into its state.
     *
     * @throws InvalidInputException if the events are not one request's history: empty, not starting with
     *     {@code RECEIVED}, with a gap in the sequences, of two requests, or with an event after the closing one
     */
    public static DataSubjectRequest of(List<RequestEvent> events) {
        if (events.isEmpty()) {
            throw new InvalidInputException("events", events, "must not be empty");
        }
        RequestEvent first = events.get(0);
        if (first.type() != RequestEventType.RECEIVED) {
            throw new InvalidInputException("events[0].type", first.type(), "must be RECEIVED");
        }
        String id = first.requestId();
        ZoneId zone = ZoneId.of(required(first, "zone"));
        LocalDate due = LocalDate.parse(required(first, "due"));
        String extendable = first.detail("extendableTo");
        boolean extended = false;
        RequestStatus status = RequestStatus.RECEIVED;
        DenialReason denial = null;
        Instant closedAt = null;
        TreeMap<String, String> evidence = new TreeMap<>();
        first.details().forEach((key, value) -> {
            if (key.startsWith("evidence.")) {
                evidence.put(key.substring("evidence.".length()), value);
            }
        });
        for (int i = 0; i < events.size(); i++) {
            RequestEvent e = events.get(i);
            if (!e.requestId().equals(id)) {
                throw new InvalidInputException("events[" + i + "].requestId", e.requestId(), "must be " + id);
            }
            if (e.sequence() != i + 1) {
                throw new InvalidInputException("events[" + i + "].sequence", e.sequence(), "must be " + (i + 1));
            }
            if (closedAt != null) {
                throw new InvalidInputException("events[" + i + "].type", e.type(), "follows the closing event");
            }
            switch (e.type()) {
                case RECEIVED -> {}
                case IDENTITY_VERIFIED -> status = RequestStatus.VERIFIED;
                case IDENTITY_REJECTED -> {
                    status = RequestStatus.DENIED;
                    denial = DenialReason.NOT_VERIFIABLE;
                }
                case STARTED -> status = RequestStatus.IN_PROGRESS;
                case EXTENDED -> {
                    extended = true;
                    due = LocalDate.parse(required(e, "due"));
                }
                case STEP_STARTED, STEP_SUCCEEDED, STEP_FAILED -> {}
                case COMPLETED -> status = RequestStatus.COMPLETED;
                case PARTIALLY_COMPLETED -> status = RequestStatus.PARTIALLY_COMPLETED;
                case DENIED -> {
                    status = RequestStatus.DENIED;
                    denial = DenialReason.valueOf(required(e, "reason"));
                }
            }
            if (e.type().terminal()) {
                closedAt = e.at();
            }
        }
        return new DataSubjectRequest(
                id,
                required(first, "subject"),
                RequestKind.valueOf(required(first, "kind")),
                Channel.valueOf(required(first, "channel")),
                required(first, "jurisdiction"),
                first.at(),
                zone,
                LocalDate.parse(required(first, "receivedOn")),
                due,
                extendable == null ? null : LocalDate.parse(extendable),
                LocalDate.parse(required(first, "noticeBy")),
                extended,
                status,
                denial,
                closedAt,
                Collections.unmodifiableMap(evidence),
                List.copyOf(events));
    }

    private static String required(RequestEvent event, String key) {
        String value = event.detail(key);
        if (value == null) {
            throw new InvalidInputException(
                    "events[" + (event.sequence() - 1) + "].details." + key, null, "is missing from a " + event.type());
        }
        return value;
    }

    /** Whether the request is answered. */
    public boolean closed() {
        return status.closed();
    }

    /** Days from {@code today} to the deadline: 0 on the last day, negative once it has passed. */
    public long daysLeft(LocalDate today) {
        return ChronoUnit.DAYS.between(today, due);
    }

    /** Whether the request is open and its deadline passed before {@code today}. */
    public boolean overdue(LocalDate today) {
        return !closed() && today.isAfter(due);
    }

    /** The date it was answered in its time zone, or {@code null} while open. */
    public @Nullable LocalDate closedOn() {
        return closedAt == null ? null : closedAt.atZone(zone).toLocalDate();
    }

    /** Whether it was answered on or before its deadline; {@code null} while open. */
    public @Nullable Boolean answeredInTime() {
        LocalDate closedOn = closedOn();
        return closedOn == null ? null : !closedOn.isAfter(due);
    }

    /** Calendar days from receipt to the answer, or {@code null} while open. */
    public @Nullable Long daysToAnswer() {
        LocalDate closedOn = closedOn();
        return closedOn == null ? null : ChronoUnit.DAYS.between(receivedOn, closedOn);
    }

    /** The number of the next event: the sequence a writer appends at. */
    public int nextSequence() {
        return events.size() + 1;
    }

    /** The outcome so far of each step, by step name, in the order the steps first started. */
    public Map<String, Step> steps() {
        Map<String, Step> steps = new LinkedHashMap<>();
        for (RequestEvent e : events) {
            String name = e.detail("step");
            if (name == null) {
                continue;
            }
            Step before = steps.get(name);
            int attempts = before == null ? 0 : before.attempts();
            switch (e.type()) {
                case STEP_STARTED -> steps.put(name, new Step(name, e.type(), attempts + 1, null, null));
                case STEP_SUCCEEDED ->
                    steps.put(name, new Step(name, e.type(), Math.max(attempts, 1), e.detail("summary"), null));
                case STEP_FAILED ->
                    steps.put(name, new Step(name, e.type(), Math.max(attempts, 1), null, e.detail("error")));
                default -> {}
            }
        }
        return Collections.unmodifiableMap(steps);
    }

    /** The events of one type, in order. */
    public List<RequestEvent> events(RequestEventType type) {
        List<RequestEvent> out = new ArrayList<>();
        for (RequestEvent e : events) {
            if (e.type() == type) {
                out.add(e);
            }
        }
        return out;
    }
}
