package dev.consent.requests;

import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The details the desk records and the checks it makes before it records them. */
final class DeskRules {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

    private DeskRules() {}

    /** The details of a request's {@code RECEIVED} event: what was asked, and its deadline by the rule. */
    static Map<String, String> received(NewRequest request, DeadlineRule rule, ZoneId zone, LocalDate receivedOn) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("subject", request.subject());
        details.put("kind", request.kind().name());
        details.put("channel", request.channel().name());
        details.put("jurisdiction", request.jurisdiction());
        details.put("zone", zone.getId());
        details.put("receivedOn", receivedOn.toString());
        details.put("due", rule.due(receivedOn).toString());
        rule.extendedDue(receivedOn).ifPresent(d -> details.put("extendableTo", d.toString()));
        details.put("noticeBy", rule.extensionNoticeBy(receivedOn).toString());
        details.put("rule", rule.describe());
        request.receiptEvidence().forEach((name, value) -> details.put("evidence." + name, value));
        return details;
    }

    /**
     * The details of an extension of {@code request}, told to the subject on {@code toldOn}.
     *
     * @throws InvalidInputException if the request is closed or extended, its rule allows no extension, or
     *     the date is before receipt, after the first period or after today
     */
    static Map<String, String> extension(DataSubjectRequest request, String reason, LocalDate toldOn, LocalDate today) {
        if (request.closed()) {
            throw new InvalidInputException("requestId", request.id(), "is " + request.status() + ": cannot extend");
        }
        if (request.extended()) {
            throw new InvalidInputException(
                    "requestId", request.id(), "was extended already (to " + request.due() + "); once is the limit");
        }
        LocalDate to = request.extendableTo();
        if (to == null) {
            throw new InvalidInputException(
                    "requestId",
                    request.id(),
                    "follows a rule that allows no extension (" + request.kind() + ", " + request.jurisdiction() + ")");
        }
        if (toldOn.isBefore(request.receivedOn()) || toldOn.isAfter(request.noticeBy()) || toldOn.isAfter(today)) {
            throw new InvalidInputException(
                    "subjectToldOn",
                    toldOn,
                    "must be between the receipt (" + request.receivedOn() + ") and the end of the first period ("
                            + request.noticeBy() + "), and not after today (" + today + ")");
        }
        return Map.of("reason", reason, "subjectToldOn", toldOn.toString(), "due", to.toString());
    }

    /** The requests of events ordered by request and sequence, one request after another. */
    static List<DataSubjectRequest> fold(List<RequestEvent> events) {
        List<DataSubjectRequest> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= events.size(); i++) {
            if (i == events.size()
                    || !events.get(i).requestId().equals(events.get(start).requestId())) {
                out.add(DataSubjectRequest.of(events.subList(start, i)));
                start = i;
            }
        }
        return out;
    }

    /** Checks the name of a source or target: a slug. */
    static void name(String name) {
        Checks.text("name", name, 64);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", name, "must be a slug: lowercase letters, digits, . _ -");
        }
        if (name.equals(RequestRunner.LEDGER)) {
            throw new InvalidInputException("name", name, "is the name of the ledger's own step");
        }
    }

    static Duration positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isZero() || d.isNegative()) {
            throw new InvalidInputException(field, d, "must be positive");
        }
        return d;
    }
}
