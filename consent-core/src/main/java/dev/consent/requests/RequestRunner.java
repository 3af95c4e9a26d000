package dev.consent.requests;

import dev.consent.Actor;
import java.util.EnumMap;
import java.util.Map;

/** Carries access and erasure requests out over the registered sources and targets. */
final class RequestRunner implements AutoCloseable {
    private final DataSubjectRequests desk;
    private final Map<String, AccessSource> sources;
    private final EnumMap<ErasureStage, Map<String, ErasureTarget>> targets;
    private final DataSubjectRequests.StepSettings settings;

    RequestRunner(
            DataSubjectRequests desk,
            Map<String, AccessSource> sources,
            EnumMap<ErasureStage, Map<String, ErasureTarget>> targets,
            DataSubjectRequests.StepSettings settings) {
        this.desk = desk;
        this.sources = sources;
        this.targets = targets;
        this.settings = settings;
    }

    RequestRun carryOut(DataSubjectRequest request, Actor actor) {
        throw new UnsupportedOperationException("being built");
    }

    @Override
    public void close() {}
}
