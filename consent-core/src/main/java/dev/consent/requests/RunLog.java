package dev.consent.requests;

import dev.consent.Actor;
import dev.consent.spi.RequestStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events one run appends to one request, each at the next sequence it knows of, and what the history says
 * of each step (attempts so far, succeeded, outcome uncertain). Used by the run's own thread only.
 *
 * <p>A {@link RequestConflictException} means another runner appended first: the log stops (no further call may
 * start), a {@code STEP_STARTED} or closing event is not written, and the outcome of a call already made is
 * appended after the other runner's events unless the request closed meanwhile, so that the history keeps what
 * happened without losing or doubling an event.
 */
final class RunLog {
    private static final int OUTCOME_RETRIES = 5;

    private final DataSubjectRequests desk;
    private final Actor actor;
    private final String requestId;
    private final List<RequestEvent> events;
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Set<String> succeeded = new HashSet<>();
    private final Set<String> uncertain = new HashSet<>();
    private boolean stopped;

    RunLog(DataSubjectRequests desk, DataSubjectRequest request, Actor actor) {
        this.desk = desk;
        this.actor = actor;
        this.requestId = request.id();
        this.events = new ArrayList<>(request.events());
        Map<String, Boolean> open = new HashMap<>();
        for (RequestEvent e : events) {
            String step = e.detail("step");
            if (step != null) {
                note(step, e, open);
            }
        }
        open.forEach((step, running) -> {
            if (running) {
                uncertain.add(step); // started, and nothing recorded after: interrupted
            }
        });
    }

    private void note(String step, RequestEvent e, Map<String, Boolean> open) {
        switch (e.type()) {
            case STEP_STARTED -> {
                if (open.getOrDefault(step, false)) {
                    uncertain.add(step); // an earlier attempt was interrupted
                }
                open.put(step, true);
                attempts.merge(step, 1, Integer::sum);
            }
            case STEP_SUCCEEDED -> {
                open.put(step, false);
                succeeded.add(step);
            }
            case STEP_FAILED -> {
                open.put(step, false);
                if (uncertainFailure(e.detail("error"))) {
                    uncertain.add(step);
                }
            }
            default -> {}
        }
    }

    /** Whether a failure leaves it open whether the call took effect: it was timed out or cancelled. */
    static boolean uncertainFailure(String error) {
        return error != null && (error.startsWith(StepRound.TIMED_OUT) || error.startsWith(StepRound.CANCELLED));
    }

    /** The request as this run knows it: its events when read and every event the run appended since. */
    DataSubjectRequest request() {
        return DataSubjectRequest.of(events);
    }

    /** The request as the store holds it now (another runner may have appended since). */
    DataSubjectRequest stored() {
        return DataSubjectRequest.of(desk.store().events(requestId));
    }

    String subject() {
        return request().subject();
    }

    String requestId() {
        return requestId;
    }

    /** Whether another runner appended first: no call may start any more. */
    boolean stopped() {
        return stopped;
    }

    boolean succeeded(String step) {
        return succeeded.contains(step);
    }

    /** How many calls of the step were recorded as started, over every run. */
    int attempts(String step) {
        return attempts.getOrDefault(step, 0);
    }

    /** Whether an earlier call of the step may have taken effect without its success being recorded. */
    boolean maybeDoneBefore(String step) {
        return uncertain.contains(step);
    }

    /** Records that a call starts; {@code false} when another runner appended first (the call must not start). */
    boolean recordStart(String step, int attempt) {
        if (stopped || !append(RequestEventType.STEP_STARTED, Map.of("step", step, "attempt", "" + attempt))) {
            return false;
        }
        attempts.merge(step, 1, Integer::sum);
        return true;
    }

    void recordSuccess(String step, int attempt, String summary, long items) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("step", step);
        details.put("attempt", "" + attempt);
        details.put("summary", fit(summary));
        details.put("items", "" + items);
        outcome(RequestEventType.STEP_SUCCEEDED, details);
        succeeded.add(step);
    }

    void recordFailure(String step, int attempt, String error) {
        outcome(RequestEventType.STEP_FAILED, Map.of("step", step, "attempt", "" + attempt, "error", fit(error)));
        if (uncertainFailure(error)) {
            uncertain.add(step);
        }
    }

    /** Closes the request with {@code type}; {@code false} when another runner appended first. */
    boolean close(RequestEventType type, String note) {
        return !stopped && append(type, Map.of("note", fit(note)));
    }

    private void outcome(RequestEventType type, Map<String, String> details) {
        if (append(type, details)) {
            return;
        }
        for (int i = 0; i < OUTCOME_RETRIES; i++) {
            events.clear();
            events.addAll(desk.store().events(requestId));
            if (DataSubjectRequest.of(events).closed()) {
                return; // another runner answered the request: nothing may follow
            }
            if (append(type, details)) {
                return;
            }
        }
        throw new RequestConflictException(requestId, events.size() + 1);
    }

    private boolean append(RequestEventType type, Map<String, String> details) {
        RequestEvent event = new RequestEvent(requestId, events.size() + 1, type, desk.now(), actor, details);
        try {
            desk.store().append(List.of(event));
        } catch (RequestConflictException e) {
            stopped = true;
            return false;
        }
        events.add(event);
        return true;
    }

    /** The text cut to fit a detail. */
    static String fit(String text) {
        if (text.length() <= RequestEvent.MAX_DETAIL_LENGTH) {
            return text;
        }
        String more = "... (" + text.length() + " characters)";
        return text.substring(0, RequestEvent.MAX_DETAIL_LENGTH - more.length()) + more;
    }
}
