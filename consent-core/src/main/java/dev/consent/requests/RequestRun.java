package dev.consent.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one run of {@link DataSubjectRequests#carryOut} achieved.
 *
 * @param request the request after the run, with every event the run recorded
 * @param accessPackage for an access request, the package for the subject: the ledger's export and every
 *     source's data in one JSON document, naming the sources that failed ({@code null} for other kinds, and when
 *     the run stopped before collecting because another runner was at work)
 * @param failedSteps the steps that still failed after their retries, by name; empty when every step
 *     succeeded
 */
public record RequestRun(
        DataSubjectRequest request, @Nullable ObjectNode accessPackage, List<String> failedSteps) {
    /** Copies the failed steps. */
    public RequestRun {
        failedSteps = List.copyOf(failedSteps);
    }

    /** Whether the request is answered after this run. */
    public boolean finished() {
        return request.closed();
    }
}
