package dev.consent.requests;

import dev.consent.Actor;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The desk where data-subject requests are kept and carried out: opens a request with its legal deadline,
 * records every transition as an append-only {@link RequestEvent} with actor and time, answers which
 * requests are due or overdue, and carries access and erasure requests out over the application's own
 * systems ({@link #carryOut}). Thread-safe; several nodes over one {@link RequestStore} share the requests,
 * and two writers racing on one request get a {@link RequestConflictException} for the loser, never a
 * half-recorded state.
 *
 * <pre>{@code
 * DataSubjectRequests desk = DataSubjectRequests.builder()
 *         .store(jdbcStore.requestStore())
 *         .consent(consent)
 *         .accessSource("orders", subject -> orderRepository.findBySubject(subject))
 *         .erasureTarget(ErasureStage.PRIMARY, "accounts", call -> ErasureResult.erased(accounts.delete(call.subject())))
 *         .build();
 * DataSubjectRequest r = desk.open(NewRequest.of("user-42", RequestKind.ERASURE, "EU", Channel.EMAIL), operator);
 * desk.verifyIdentity(r.id(), operator, "signed-in account");
 * RequestRun run = desk.carryOut(r.id(), operator);
 * }</pre>
 *
 * <p>The transitions allowed: {@link #verifyIdentity} and {@link #rejectIdentity} on a received request;
 * {@link #start} on a verified one; {@link #complete} and {@link #completePartially} on one in progress;
 * {@link #deny} and {@link #extend} (once, within the first period) on any open one. Anything else is an
 * {@link InvalidInputException} naming the request's status, and nothing is written.
 */
public final class DataSubjectRequests implements AutoCloseable {
    private static final int CONFLICT_RETRIES = 3;

    private final RequestStore store;
    private final ConsentSystem consent;
    private final Clock clock;
    private final ZoneId zone;
    private final DeadlineRules deadlines;
    private final RequestRunner runner;

    DataSubjectRequests(DeskBuilder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.consent = Objects.requireNonNull(b.consent, "consent");
        this.clock = b.clock;
        this.zone = b.zone;
        this.deadlines = b.deadlines;
        this.runner = new RequestRunner(this, new LinkedHashMap<>(b.sources), copy(b.targets), b.settings());
    }

    private static EnumMap<ErasureStage, Map<String, ErasureTarget>> copy(
            EnumMap<ErasureStage, Map<String, ErasureTarget>> targets) {
        EnumMap<ErasureStage, Map<String, ErasureTarget>> out = new EnumMap<>(ErasureStage.class);
        targets.forEach((stage, named) -> out.put(stage, new LinkedHashMap<>(named)));
        return out;
    }

    /** A builder; {@link Builder#store} and {@link Builder#consent} are required. */
    public static Builder builder() {
        return new DeskBuilder();
    }

    // ---------------------------------------------------------------- the lifecycle

    /**
     * Opens a request: records its receipt, now, with the deadline of its jurisdiction's rule. Opening a
     * request with the id of an existing one for the same subject and kind returns the existing one.
     *
     * @throws InvalidInputException if the jurisdiction has no rule for the kind, or the id belongs to a
     *     request of another subject or kind
     */
    public DataSubjectRequest open(NewRequest request, Actor actor) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(actor, "actor");
        DeadlineRule rule = deadlines.rule(request.jurisdiction(), request.kind());
        String id = request.id() == null ? UUID.randomUUID().toString() : request.id();
        Instant now = now();
        LocalDate receivedOn = now.atZone(zone).toLocalDate();
        Map<String, String> details = DeskRules.received(request, rule, zone, receivedOn);
        RequestEvent received = new RequestEvent(id, 1, RequestEventType.RECEIVED, now, actor, details);
        try {
            store.append(List.of(received));
        } catch (RequestConflictException e) {
            DataSubjectRequest existing = get(id);
            if (existing.subject().equals(request.subject()) && existing.kind() == request.kind()) {
                return existing;
            }
            throw new InvalidInputException("id", id, "is the id of another request (" + existing.kind() + ")");
        }
        return DataSubjectRequest.of(List.of(received));
    }

    /** Records that the requester's identity was verified, and how. */
    public DataSubjectRequest verifyIdentity(String requestId, Actor actor, String method) {
        String m = Checks.text("method", method, 1_000);
        return transition(
                requestId,
                actor,
                RequestStatus.RECEIVED::equals,
                RequestEventType.IDENTITY_VERIFIED,
                Map.of("method", m));
    }

    /** Records that the requester's identity could not be verified: the request is denied as not verifiable. */
    public DataSubjectRequest rejectIdentity(String requestId, Actor actor, String note) {
        String n = Checks.text("note", note, 1_000);
        return transition(
                requestId,
                actor,
                RequestStatus.RECEIVED::equals,
                RequestEventType.IDENTITY_REJECTED,
                Map.of("note", n));
    }

    /** Records that work on a verified request started. */
    public DataSubjectRequest start(String requestId, Actor actor) {
        return transition(requestId, actor, RequestStatus.VERIFIED::equals, RequestEventType.STARTED, Map.of());
    }

    /**
     * Extends the deadline, once, as the rule allows (GDPR: by two further months; CCPA: by 45 days).
     *
     * @param subjectToldOn the day the subject was told of the extension and its reasons: within the first
     *     period (on or before {@link DataSubjectRequest#noticeBy()}), not before receipt nor after today
     * @throws InvalidInputException if the request is closed or extended already, the rule allows no
     *     extension, or the date is out of those bounds
     */
    public DataSubjectRequest extend(String requestId, Actor actor, String reason, LocalDate subjectToldOn) {
        String r = Checks.text("reason", reason, 1_000);
        Objects.requireNonNull(subjectToldOn, "subjectToldOn");
        return append(
                requestId,
                actor,
                request -> DeskRules.extension(request, r, subjectToldOn, today()),
                RequestEventType.EXTENDED);
    }

    /** Records that a request in progress was carried out in full. */
    public DataSubjectRequest complete(String requestId, Actor actor, String note) {
        String n = Checks.text("note", note, 1_000);
        return transition(
                requestId, actor, RequestStatus.IN_PROGRESS::equals, RequestEventType.COMPLETED, Map.of("note", n));
    }

    /** Records that a request in progress was carried out in part, saying what was not done. */
    public DataSubjectRequest completePartially(String requestId, Actor actor, String note) {
        String n = Checks.text("note", note, 1_000);
        return transition(
                requestId,
                actor,
                RequestStatus.IN_PROGRESS::equals,
                RequestEventType.PARTIALLY_COMPLETED,
                Map.of("note", n));
    }

    /** Denies an open request, for a reason the report counts it by. */
    public DataSubjectRequest deny(String requestId, Actor actor, DenialReason reason, String note) {
        Objects.requireNonNull(reason, "reason");
        String n = Checks.text("note", note, 1_000);
        return transition(
                requestId,
                actor,
                s -> !s.closed(),
                RequestEventType.DENIED,
                Map.of("reason", reason.name(), "note", n));
    }

    private DataSubjectRequest transition(
            String requestId,
            Actor actor,
            Predicate<RequestStatus> allowed,
            RequestEventType type,
            Map<String, String> details) {
        return append(
                requestId,
                actor,
                request -> {
                    if (!allowed.test(request.status())) {
                        throw new InvalidInputException(
                                "requestId", requestId, "is " + request.status() + ", which does not allow " + type);
                    }
                    return details;
                },
                type);
    }

    /** A decision on the current request, made again if another writer appended first. */
    interface EventDetails {
        Map<String, String> of(DataSubjectRequest request);
    }

    DataSubjectRequest append(String requestId, Actor actor, EventDetails decide, RequestEventType type) {
        Objects.requireNonNull(actor, "actor");
        for (int attempt = 1; ; attempt++) {
            DataSubjectRequest request = get(requestId);
            RequestEvent event =
                    new RequestEvent(requestId, request.nextSequence(), type, now(), actor, decide.of(request));
            try {
                store.append(List.of(event));
                List<RequestEvent> events = new ArrayList<>(request.events());
                events.add(event);
                return DataSubjectRequest.of(events);
            } catch (RequestConflictException e) {
                if (attempt == CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }

    // ---------------------------------------------------------------- queries

    /**
     * The request with that id.
     *
     * @throws InvalidInputException if there is none
     */
    public DataSubjectRequest get(String requestId) {
        Checks.text("requestId", requestId, Checks.MAX_ID_LENGTH);
        List<RequestEvent> events = store.events(requestId);
        if (events.isEmpty()) {
            throw new InvalidInputException("requestId", requestId, "is not a known request");
        }
        return DataSubjectRequest.of(events);
    }

    /** Every open request, soonest deadline first. */
    public List<DataSubjectRequest> open() {
        List<DataSubjectRequest> out = DeskRules.fold(store.openEvents());
        out.sort(Comparator.comparing(DataSubjectRequest::due).thenComparing(DataSubjectRequest::id));
        return out;
    }

    /** The open requests not yet overdue whose deadline is within {@code days} days of today (0: due today). */
    public List<DataSubjectRequest> dueWithin(int days) {
        if (days < 0) {
            throw new InvalidInputException("days", days, "must not be negative");
        }
        LocalDate today = today();
        LocalDate limit = today.plusDays(days);
        return open().stream()
                .filter(r -> !r.due().isBefore(today) && !r.due().isAfter(limit))
                .toList();
    }

    /** The open requests whose deadline has passed, longest overdue first. */
    public List<DataSubjectRequest> overdue() {
        LocalDate today = today();
        return open().stream().filter(r -> r.overdue(today)).toList();
    }

    /** The requests received in {@code [from, to)} with the given status, in order of receipt. */
    public List<DataSubjectRequest> withStatus(RequestStatus status, Instant from, Instant to) {
        Objects.requireNonNull(status, "status");
        return received(from, to).stream().filter(r -> r.status() == status).toList();
    }

    /** The requests received in {@code [from, to)}, in order of receipt. */
    public List<DataSubjectRequest> received(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", to, "must be after from (" + from + ")");
        }
        List<DataSubjectRequest> out = DeskRules.fold(store.receivedEvents(from, to));
        out.sort(Comparator.comparing(DataSubjectRequest::receivedAt).thenComparing(DataSubjectRequest::id));
        return out;
    }

    /** The figures of the requests received in {@code [from, to)}, as the CCPA regulations (§7102) list them. */
    public RequestReport report(Instant from, Instant to) {
        return RequestReport.of(from, to, received(from, to));
    }

    /** Today in the desk's time zone, by its clock. */
    public LocalDate today() {
        return clock.instant().atZone(zone).toLocalDate();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    ConsentSystem consent() {
        return consent;
    }

    RequestStore store() {
        return store;
    }

    // ---------------------------------------------------------------- carrying out

    /**
     * Carries out an access or erasure request over the registered sources or targets: starts a verified
     * request, calls each step not yet succeeded (with the timeout, retried with backoff), records every
     * call's outcome as an event, and finishes the request when every step succeeded: an erasure by erasing
     * the subject in the ledger ({@link dev.consent.ConsentLedger#erase}) and completing; an access by
     * completing, or completing in part when sources failed, with the package naming them. An erasure whose
     * targets still fail stays in progress; run it again (or {@link #resumeInterrupted}) to retry only those.
     *
     * <p>Two runners on one request (two nodes, or a second call while one runs) never lose or double an event:
     * events are appended by sequence, and the runner that finds a sequence taken ({@link
     * RequestConflictException}) knows another is at work: it starts no further call, records the outcome of
     * the calls it made, leaves the request open, and returns the request as stored, without an access package.
     *
     * @throws InvalidInputException if the request is not an access or erasure request, or is not verified
     */
    public RequestRun carryOut(String requestId, Actor actor) {
        return runner.carryOut(get(requestId), actor);
    }

    /**
     * Carries out again every open access or erasure request in progress: after a crash, the requests that
     * were being carried out, each continuing from its recorded events.
     */
    public List<RequestRun> resumeInterrupted(Actor actor) {
        List<RequestRun> runs = new ArrayList<>();
        for (DataSubjectRequest r : open()) {
            if (r.status() == RequestStatus.IN_PROGRESS
                    && (r.kind() == RequestKind.ACCESS || r.kind() == RequestKind.ERASURE)) {
                runs.add(runner.carryOut(r, actor));
            }
        }
        return runs;
    }

    /** Stops the threads that call sources and targets; calls in flight are cancelled. */
    @Override
    public void close() {
        runner.close();
    }

    // ---------------------------------------------------------------- the builder

    /** Settings of the steps, from the builder. */
    record StepSettings(Duration timeout, int attempts, Duration backoff, int threads) {}

    /** Builds a {@link DataSubjectRequests}; {@link #store} and {@link #consent} are required. */
    public interface Builder {
        /** Where the requests' events are kept (required). */
        Builder store(RequestStore store);

        /** The consent system whose ledger an erasure erases and an access exports (required). */
        Builder consent(ConsentSystem consent);

        /** The clock of receipts, events and deadlines; the system's UTC clock by default. */
        Builder clock(Clock clock);

        /** The time zone dates are counted in (the day of receipt, the deadline); UTC by default. */
        Builder zone(ZoneId zone);

        /** The deadline rules per jurisdiction; {@link DeadlineRules#builtIn()} by default. */
        Builder deadlines(DeadlineRules deadlines);

        /** Adds a source of an access request's data, named by a unique slug such as {@code orders}. */
        Builder accessSource(String name, AccessSource source);

        /** Adds a target of an erasure, run in its stage, named by a unique slug such as {@code search-index}. */
        Builder erasureTarget(ErasureStage stage, String name, ErasureTarget target);

        /** How long one call of a source or target may take before it counts as failed; 30 s by default. */
        Builder stepTimeout(Duration timeout);

        /**
         * How often a step is tried in one run (3 by default), and the wait before the second try, doubled
         * before each further one (1 s by default).
         */
        Builder retries(int attempts, Duration backoff);

        /** How many sources or targets of one stage are called at once; 4 by default. */
        Builder threads(int threads);

        /** The desk. */
        DataSubjectRequests build();
    }
}
