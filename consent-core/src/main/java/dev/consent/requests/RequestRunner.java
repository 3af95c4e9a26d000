package dev.consent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.AccessExport;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.InvalidInputException;
import dev.consent.WriteResult;
import dev.consent.internal.Json;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Carries access and erasure requests out over the registered sources and targets, as
 * {@link DataSubjectRequests#carryOut} describes; owns the daemon threads the calls run on.
 *
 * <p><b>Steps and their events.</b> Each source is a step {@code access:<name>}, each target a step
 * {@code erase:<name>}; the ledger is the step {@code access:consent-ledger} (its export) or
 * {@code erase:consent-ledger} (its erasure, after every target succeeded). Every call is recorded as
 * {@code STEP_STARTED} before it is made and {@code STEP_SUCCEEDED} or {@code STEP_FAILED} after ({@link StepRound}).
 * An erasure step recorded as succeeded is never called again; one recorded as started with nothing after (the
 * process stopped) or as timed out is called again with {@code maybeDoneBefore}; attempt numbers count every call
 * of the step over every run. An access request's data is not kept in its events, so a resumed access collects
 * every source again: reading twice is harmless, and a package missing what was read before a crash would be
 * wrong.
 *
 * <p><b>Two runners on one request</b> (two nodes, or two threads). Every event is appended at the next sequence
 * the run knows of, so the store accepts only one event per sequence. A {@link RequestConflictException} means
 * another runner is at work: this run starts no further call, awaits and records the calls it made (after the
 * other runner's events, unless it closed the request), does not close the request, and returns the request as
 * the store holds it, with the steps that failed in this run. Losing the race to start a verified request is
 * the same. Neither runner's events are lost or doubled; both may call the same step, as after a crash, which
 * is why targets are idempotent by {@link ErasureCall#key()}.
 */
final class RequestRunner implements AutoCloseable {
    static final String LEDGER = "consent-ledger";
    static final String ERASURE_POINT = "dsr-erasure";

    private final DataSubjectRequests desk;
    private final Map<String, AccessSource> sources;
    private final EnumMap<ErasureStage, Map<String, ErasureTarget>> targets;
    private final DataSubjectRequests.StepSettings settings;
    private final ExecutorService pool;

    RequestRunner(
            DataSubjectRequests desk,
            Map<String, AccessSource> sources,
            EnumMap<ErasureStage, Map<String, ErasureTarget>> targets,
            DataSubjectRequests.StepSettings settings) {
        this.desk = desk;
        this.sources = sources;
        this.targets = targets;
        this.settings = settings;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "consent-dsr-step-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    RequestRun carryOut(DataSubjectRequest request, Actor actor) {
        Objects.requireNonNull(actor, "actor");
        String id = request.id();
        if (request.kind() != RequestKind.ACCESS && request.kind() != RequestKind.ERASURE) {
            throw new InvalidInputException(
                    "requestId", id, "is an " + request.kind() + " request: only ACCESS and ERASURE are carried out");
        }
        if (request.status() == RequestStatus.RECEIVED) {
            throw new InvalidInputException("requestId", id, "is RECEIVED: verify the requester's identity first");
        }
        if (request.closed()) {
            throw new InvalidInputException("requestId", id, "is " + request.status() + ": it was answered");
        }
        DataSubjectRequest current = request;
        if (request.status() == RequestStatus.VERIFIED) {
            try {
                current = desk.append(id, actor, RequestRunner::startable, RequestEventType.STARTED);
            } catch (StartedElsewhere | RequestConflictException e) {
                return new RequestRun(desk.get(id), null, List.of()); // another runner is at work
            }
        }
        RunLog log = new RunLog(desk, current, actor);
        return request.kind() == RequestKind.ERASURE ? erase(log, actor) : access(log);
    }

    private static Map<String, String> startable(DataSubjectRequest r) {
        if (r.status() == RequestStatus.VERIFIED) {
            return Map.of();
        }
        if (r.status() == RequestStatus.IN_PROGRESS) {
            throw new StartedElsewhere();
        }
        throw new InvalidInputException("requestId", r.id(), "is " + r.status() + ", which does not allow STARTED");
    }

    // ---------------------------------------------------------------- erasure

    private RequestRun erase(RunLog log, Actor actor) {
        String id = log.requestId();
        String subject = log.subject();
        int called = 0;
        for (ErasureStage stage : ErasureStage.values()) {
            Map<String, StepRound.Call> calls = new LinkedHashMap<>();
            targets.getOrDefault(stage, Map.of()).forEach((name, target) -> {
                String step = "erase:" + name;
                if (!log.succeeded(step)) {
                    calls.put(step, (attempt, maybeDoneBefore) -> {
                        ErasureCall call = new ErasureCall(id, subject, id + "/" + step, attempt, maybeDoneBefore);
                        ErasureResult result = target.erase(call);
                        if (result == null) {
                            throw new IllegalStateException("the target " + name + " returned no ErasureResult");
                        }
                        return new StepRound.Outcome(result.summary(), result.items(), null);
                    });
                }
            });
            called += targets.getOrDefault(stage, Map.of()).size();
            RequestRun unfinished = round(log, calls, null);
            if (unfinished != null) {
                return unfinished;
            }
        }
        String ledgerStep = "erase:" + LEDGER;
        if (!log.succeeded(ledgerStep)) {
            CollectionContext context = CollectionContext.builder(Channel.API)
                    .collectionPoint(ERASURE_POINT)
                    .actor(actor)
                    .build();
            RequestRun unfinished = round(log, Map.of(ledgerStep, (attempt, maybeDoneBefore) -> {
                WriteResult w = desk.consent().ledger().erase(subject, context);
                return w.replayed()
                        ? new StepRound.Outcome("erased in the ledger already (position " + w.position() + ")", 0, null)
                        : new StepRound.Outcome(
                                "erased in the ledger at position " + w.position(), w.records().size(), null);
            }), null);
            if (unfinished != null) {
                return unfinished;
            }
        }
        String note = "erased by every target (" + called + ") and in the consent ledger";
        if (!log.close(RequestEventType.COMPLETED, note)) {
            return new RequestRun(log.stored(), null, List.of());
        }
        return new RequestRun(log.request(), null, List.of());
    }

    /** Runs the steps; the run to return when they did not all succeed (or another runner is at work), else null. */
    private @Nullable RequestRun round(RunLog log, Map<String, StepRound.Call> calls, @Nullable ObjectNode pack) {
        if (calls.isEmpty()) {
            return null;
        }
        StepRound round = new StepRound(pool, settings, log);
        round.run(calls);
        List<String> failed = new ArrayList<>(round.failed().keySet());
        if (log.stopped()) {
            return new RequestRun(log.stored(), pack, failed);
        }
        return failed.isEmpty() ? null : new RequestRun(log.request(), pack, failed);
    }

    // ---------------------------------------------------------------- access

    private RequestRun access(RunLog log) {
        String subject = log.subject();
        Map<String, StepRound.Call> calls = new LinkedHashMap<>();
        calls.put("access:" + LEDGER, (attempt, maybeDoneBefore) -> {
            AccessExport export = desk.consent().ledger().export(subject);
            JsonNode tree = Json.mapper().readTree(export.toJson());
            return new StepRound.Outcome(
                    "exported " + export.history().size() + " records", export.history().size(), tree);
        });
        sources.forEach((name, source) -> calls.put("access:" + name, (attempt, maybeDoneBefore) -> {
            JsonNode tree = Json.mapper().valueToTree(source.collect(subject));
            long items = tree == null || tree.isNull() ? 0 : tree.isContainerNode() ? tree.size() : 1;
            return new StepRound.Outcome("collected " + items + (items == 1 ? " item" : " items"), items, tree);
        }));
        StepRound round = new StepRound(pool, settings, log);
        round.run(calls);
        if (log.stopped()) {
            return new RequestRun(log.stored(), null, List.copyOf(round.failed().keySet()));
        }
        ObjectNode pack = Json.mapper().createObjectNode();
        pack.put("version", 1);
        pack.put("requestId", log.requestId());
        pack.put("subject", subject);
        pack.put("generatedAt", desk.now().toString());
        StepRound.Outcome ledger = round.succeeded().get("access:" + LEDGER);
        pack.set("ledger", ledger == null ? NullNode.getInstance() : ledger.data());
        ObjectNode data = pack.putObject("sources");
        ArrayNode failedSources = pack.putArray("failedSources");
        List<String> failedNames = new ArrayList<>();
        for (String step : calls.keySet()) {
            String name = step.substring("access:".length());
            StepRound.Outcome outcome = round.succeeded().get(step);
            if (outcome == null) {
                String error = round.failed().getOrDefault(step, StepRound.CANCELLED + "not called");
                failedSources.addObject().put("name", name).put("error", error);
                failedNames.add(name);
            } else if (!name.equals(LEDGER)) {
                data.set(name, outcome.data() == null ? NullNode.getInstance() : outcome.data());
            }
        }
        List<String> failedSteps = List.copyOf(round.failed().keySet());
        boolean closed = failedNames.isEmpty()
                ? log.close(
                        RequestEventType.COMPLETED,
                        "package of the ledger's export and " + sources.size() + " sources")
                : log.close(
                        RequestEventType.PARTIALLY_COMPLETED,
                        "package without the sources that failed: " + String.join(", ", failedNames));
        return new RequestRun(closed ? log.request() : log.stored(), pack, failedSteps);
    }

    /** Stops the threads; calls in flight are interrupted. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Another runner started the request first. */
    private static final class StartedElsewhere extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartedElsewhere() {
            super(null, null, false, false);
        }
    }
}
