package dev.consent.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * The figures of the data-subject requests received in a period, per kind, as the CCPA regulations
 * (§7102(a)) list them: received, complied with in whole or in part, denied (by reason category), and the
 * median and mean days to a substantive response (completion, partial completion or denial); and, beyond the
 * statute, how many were answered within their deadline and how many open ones are overdue. Made by
 * {@link DataSubjectRequests#report}; immutable. It names no subject.
 *
 * @param from the start of the period (requests received at or after it), inclusive
 * @param to the end of the period, exclusive
 * @param rows one row per kind, in the order of {@link RequestKind}, each kind present; unmodifiable
 */
public record RequestReport(Instant from, Instant to, List<Row> rows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The figures of one kind.
     *
     * @param kind the kind
     * @param received requests received in the period
     * @param completed of those, complied with in whole
     * @param partiallyCompleted complied with in part
     * @param denied denied, for any reason
     * @param deniedByReason denied, per reason category (each category present); unmodifiable
     * @param open not answered yet
     * @param answeredInTime answered on or before their deadline (extended where it was)
     * @param answeredLate answered after it
     * @param overdue open, with the deadline passed by the end of the period's report day
     * @param medianDays the median of the calendar days from receipt to the answer, or {@code null} when none
     *     was answered
     * @param meanDays the mean of the same, or {@code null}
     */
    public record Row(
            RequestKind kind,
            long received,
            long completed,
            long partiallyCompleted,
            long denied,
            Map<DenialReason, Long> deniedByReason,
            long open,
            long answeredInTime,
            long answeredLate,
            long overdue,
            @Nullable Double medianDays,
            @Nullable Double meanDays) {
        /** Copies the map. */
        public Row {
            Objects.requireNonNull(kind, "kind");
            deniedByReason = Collections.unmodifiableMap(new EnumMap<>(deniedByReason));
        }
    }

    /** Validates the components and copies the rows. */
    public RequestReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        rows = List.copyOf(rows);
    }

    /** The report of {@code requests} (received in the period), with {@code today} deciding what is overdue. */
    static RequestReport of(Instant from, Instant to, List<DataSubjectRequest> requests) {
        List<Row> rows = new ArrayList<>();
        for (RequestKind kind : RequestKind.values()) {
            long received = 0, completed = 0, partial = 0, denied = 0, open = 0, inTime = 0, late = 0, overdue = 0;
            EnumMap<DenialReason, Long> byReason = new EnumMap<>(DenialReason.class);
            for (DenialReason reason : DenialReason.values()) {
                byReason.put(reason, 0L);
            }
            List<Long> days = new ArrayList<>();
            for (DataSubjectRequest r : requests) {
                if (r.kind() != kind) {
                    continue;
                }
                received++;
                switch (r.status()) {
                    case COMPLETED -> completed++;
                    case PARTIALLY_COMPLETED -> partial++;
                    case DENIED -> {
                        denied++;
                        byReason.merge(Objects.requireNonNull(r.denialReason()), 1L, Long::sum);
                    }
                    default -> {
                        open++;
                        if (r.overdue(to.atZone(r.zone()).toLocalDate())) {
                            overdue++;
                        }
                    }
                }
                Long d = r.daysToAnswer();
                if (d != null) {
                    days.add(d);
                    if (Boolean.TRUE.equals(r.answeredInTime())) {
                        inTime++;
                    } else {
                        late++;
                    }
                }
            }
            Collections.sort(days);
            Double median = days.isEmpty()
                    ? null
                    : days.size() % 2 == 1
                            ? (double) days.get(days.size() / 2)
                            : (days.get(days.size() / 2 - 1) + days.get(days.size() / 2)) / 2.0;
            OptionalDouble mean = days.stream().mapToLong(Long::longValue).average();
            rows.add(new Row(
                    kind,
                    received,
                    completed,
                    partial,
                    denied,
                    byReason,
                    open,
                    inTime,
                    late,
                    overdue,
                    median,
                    mean.isPresent() ? mean.getAsDouble() : null));
        }
        return new RequestReport(from, to, rows);
    }

    /** The row of one kind. */
    public Row row(RequestKind kind) {
        return rows.get(kind.ordinal());
    }

    /** The report as JSON: {@code from}, {@code to}, and a {@code kinds} object with a row per kind. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("from", from.toString());
        root.put("to", to.toString());
        ObjectNode kinds = root.putObject("kinds");
        for (Row r : rows) {
            ObjectNode n = kinds.putObject(r.kind().name());
            n.put("received", r.received());
            n.put("completed", r.completed());
            n.put("partiallyCompleted", r.partiallyCompleted());
            n.put("denied", r.denied());
            ObjectNode reasons = n.putObject("deniedByReason");
            r.deniedByReason().forEach((reason, count) -> reasons.put(reason.name(), count));
            n.put("open", r.open());
            n.put("answeredInTime", r.answeredInTime());
            n.put("answeredLate", r.answeredLate());
            n.put("overdue", r.overdue());
            if (r.medianDays() == null) {
                n.putNull("medianDays");
                n.putNull("meanDays");
            } else {
                n.put("medianDays", r.medianDays());
                n.put("meanDays", r.meanDays());
            }
        }
        return root;
    }

    /** The report as a plain-text table, a row per kind. */
    public String toTable() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Data-subject requests received from %s to %s%n", from, to));
        s.append(String.format(
                Locale.ROOT,
                "%-27s %8s %9s %7s %6s %5s %8s %5s %7s %6s %6s%n",
                "kind",
                "received",
                "completed",
                "partial",
                "denied",
                "open",
                "in time",
                "late",
                "overdue",
                "median",
                "mean"));
        for (Row r : rows) {
            s.append(String.format(
                    Locale.ROOT,
                    "%-27s %8d %9d %7d %6d %5d %8d %5d %7d %6s %6s%n",
                    r.kind(),
                    r.received(),
                    r.completed(),
                    r.partiallyCompleted(),
                    r.denied(),
                    r.open(),
                    r.answeredInTime(),
                    r.answeredLate(),
                    r.overdue(),
                    days(r.medianDays()),
                    days(r.meanDays())));
        }
        return s.toString();
    }

    private static String days(@Nullable Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f", d);
    }
}
