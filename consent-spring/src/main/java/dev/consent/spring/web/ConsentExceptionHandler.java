package dev.consent.spring.web;

import dev.consent.Decision;
import dev.consent.InvalidInputException;
import dev.consent.ProcessingDeniedException;
import dev.consent.StoreUnavailableException;
import dev.consent.UnknownPurposeException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the consent library's exceptions, thrown by a controller or anything it calls, to RFC 9457 problem
 * responses ({@code application/problem+json}):
 *
 * <table>
 *   <caption>Responses</caption>
 *   <tr><th>exception</th><th>status</th><th>body</th></tr>
 *   <tr><td>{@link ProcessingDeniedException}</td><td>403</td><td>{@code detail} (the exception's message),
 *       {@code purpose}, {@code reason} (a {@link dev.consent.DecisionReason}), {@code recordId} when a record
 *       proves the decision</td></tr>
 *   <tr><td>{@link InvalidInputException}</td><td>400</td><td>{@code detail} ({@code field: problem}),
 *       {@code field}; and {@code purpose} for an {@link UnknownPurposeException}</td></tr>
 *   <tr><td>{@link StoreUnavailableException}</td><td>503</td><td>a {@code Retry-After} header
 *       ({@code consent.web.retry-after}, 5 seconds by default) and a fixed {@code detail}</td></tr>
 * </table>
 *
 * <p>No response holds personal data: never the subject id (a denial's message leaves it out by contract), never
 * the rejected value (the library's message of an {@link InvalidInputException} shows it, so the response carries
 * only its field and problem), never the store's own error. Nor the request's path, which Spring would otherwise
 * put in {@code instance} and which often holds a subject id ({@code /users/alice@example.com/newsletter}):
 * {@code instance} is a {@code urn:uuid:} naming this occurrence, logged at DEBUG with the exception's message
 * (which names no subject) for operators to find. Ordered last ({@link Ordered#LOWEST_PRECEDENCE}):
 * an application's {@code @ControllerAdvice} handling the same exceptions, ordered before it or declared by the
 * application at the same order, wins. Thread-safe.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ConsentExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConsentExceptionHandler.class);

    private final Duration retryAfter;

    /**
     * @param retryAfter the {@code Retry-After} of a 503; rounded up to whole seconds, at least 1
     * @throws IllegalArgumentException if it is negative
     */
    public ConsentExceptionHandler(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("consent.web.retry-after must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** 403, naming the purpose, the reason and the proving record, never the subject. */
    @ExceptionHandler(ProcessingDeniedException.class)
    public ResponseEntity<ProblemDetail> processingDenied(ProcessingDeniedException e) {
        Decision d = e.decision();
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, e.getMessage(), e);
        problem.setTitle("Processing not allowed");
        problem.setProperty("purpose", d.purposeId());
        problem.setProperty("reason", d.reason().name());
        if (d.recordId() != null) {
            problem.setProperty("recordId", d.recordId().toString());
        }
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    /** 400, naming the field and what is wrong with it, without the value. */
    @ExceptionHandler(InvalidInputException.class)
    public ResponseEntity<ProblemDetail> invalidInput(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, e.field() + ": " + e.problem(), e);
        problem.setTitle("Invalid consent input");
        problem.setProperty("field", e.field());
        if (e instanceof UnknownPurposeException unknown) {
            problem.setProperty("purpose", unknown.purposeId());
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** 503 with {@code Retry-After}; the store's failure stays in the log. */
    @ExceptionHandler(StoreUnavailableException.class)
    public ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        ProblemDetail problem =
                problem(HttpStatus.SERVICE_UNAVAILABLE, "The consent store is unavailable; try again later.", e);
        problem.setTitle("Consent store unavailable");
        long seconds = Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    /** A problem whose {@code instance} names this occurrence, not the request's path. */
    private static ProblemDetail problem(HttpStatus status, String detail, RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        URI instance = URI.create("urn:uuid:" + UUID.randomUUID());
        problem.setInstance(instance);
        if (LOG.isDebugEnabled()) {
            // the library's messages name no subject; an invalid input's shows its value, so only the problem
            LOG.debug(
                    "{}: answered {} ({})",
                    instance,
                    status.value(),
                    e instanceof InvalidInputException i ? i.field() + ": " + i.problem() : e.getMessage(),
                    e instanceof StoreUnavailableException ? e : null);
        }
        return problem;
    }
}
