package dev.consent.reporting;

import dev.consent.InvalidInputException;
import dev.consent.TransparencyReport;
import dev.consent.requests.RequestReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A transparency report as one self-contained HTML page for a person to read: its charts are inline SVG, its
 * style an inline stylesheet; it loads nothing (a {@code Content-Security-Policy} in the page forbids every
 * fetch and every script), so it can be mailed, archived or opened offline.
 *
 * <p>Given one or more {@link TransparencyReport}s over consecutive periods (oldest first), the page shows
 * the consent rate per purpose over the periods ({@code svg[data-chart=consent-rate]}, a point per purpose and
 * period with a rate), the grants, denials and withdrawals per period ({@code decisions}, three bars per
 * period), the expired grants and those awaiting re-consent at the end of each period ({@code expiry}, two
 * bars per period), and the last period's table. Given a {@link RequestReport}, it adds the data-subject
 * requests answered within their deadline, late, and overdue per kind received ({@code requests}, three bars
 * per kind with requests). Each bar is an SVG {@code rect.bar}, each point a {@code circle.point}.
 *
 * <p>Every text from the ledger or the caller (purpose ids and titles, the heading) is escaped. Immutable
 * and thread-safe once built.
 */
public final class HtmlReport {
    private static final String[] PALETTE = {
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"
    };
    private static final String GRANTED = "#2ca02c";
    private static final String DENIED = "#7f7f7f";
    private static final String WITHDRAWN = "#d62728";

    private final String heading;
    private final List<TransparencyReport> periods;
    private final Map<String, String> titles;
    private final @Nullable RequestReport requests;

    private HtmlReport(Builder b) {
        this.heading = b.heading;
        this.periods = List.copyOf(b.periods);
        this.titles = Map.copyOf(b.titles);
        this.requests = b.requests;
    }

    /** A builder; {@link Builder#period} (or {@link Builder#periods}) is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The page of a single period. */
    public static String of(TransparencyReport report) {
        return builder().period(report).build().html();
    }

    /** The page, as text. */
    public String html() {
        TransparencyReport last = periods.get(periods.size() - 1);
        List<String> labels = periods.stream().map(HtmlReport::label).toList();
        StringBuilder page = new StringBuilder(16_384);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                        + " style-src 'unsafe-inline'; img-src data:\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(Html.escape(heading))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body><main>\n<h1>")
                .append(Html.escape(heading))
                .append("</h1>\n<p class=\"meta\">")
                .append(periods.size() == 1 ? "Period " : periods.size() + " periods, ")
                .append(Html.escape(periods.get(0).from().toString()))
                .append(" to ")
                .append(Html.escape(last.to().toString()))
                .append(" (end exclusive); as of ledger position ")
                .append(last.asOfPosition())
                .append(". Subjects erased: ")
                .append(periods.stream().mapToLong(TransparencyReport::erasures).sum())
                .append("; recorded as deceased: ")
                .append(periods.stream().mapToLong(TransparencyReport::deaths).sum())
                .append(".</p>\n<div class=\"grid\">\n");
        figure(
                page,
                "Consent rate per purpose",
                "Of the people asked, the share whose consent is valid at the end of each period.",
                Svg.lines("consent-rate", "Consent rate per purpose and period", labels, rates()));
        figure(
                page,
                "Decisions per period",
                "Grants, denials and withdrawals recorded in each period, over all purposes.",
                Svg.bars("decisions", "Grants, denials and withdrawals per period", labels, decisions()));
        figure(
                page,
                "Expiry and re-consent",
                "At the end of each period: grants that expired, and grants of a version that needs re-consent.",
                Svg.bars("expiry", "Expired grants and re-consent pending per period", labels, expiry()));
        if (requests != null) {
            requestsFigure(page, requests);
        }
        page.append("</div>\n<h2>Per purpose, ")
                .append(Html.escape(label(last)))
                .append("</h2>\n");
        table(page, last);
        page.append("<p class=\"meta\">Rate = active at the end / asked at the end: withdrawn, expired and"
                + " re-consent pending count as not consenting.</p>\n</main></body></html>\n");
        return page.toString();
    }

    /** Writes {@link #html()} to {@code file} in UTF-8, replacing it. */
    public void writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Files.writeString(file, html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + file, e);
        }
    }

    private List<Svg.Series> rates() {
        TreeSet<String> ids = new TreeSet<>();
        periods.forEach(p -> p.rows().forEach(r -> ids.add(r.purposeId())));
        List<Svg.Series> series = new ArrayList<>();
        int colour = 0;
        for (String id : ids) {
            double[] values = new double[periods.size()];
            boolean any = false;
            for (int i = 0; i < periods.size(); i++) {
                OptionalDouble rate = periods.get(i)
                        .find(id)
                        .map(TransparencyReport.Row::consentRate)
                        .orElse(OptionalDouble.empty());
                values[i] = rate.orElse(Double.NaN);
                any |= rate.isPresent();
            }
            if (any) {
                series.add(new Svg.Series(name(id), PALETTE[colour++ % PALETTE.length], values));
            }
        }
        return series;
    }

    private List<Svg.Series> decisions() {
        return List.of(
                sum("granted", GRANTED, TransparencyReport.Row::grants),
                sum("denied", DENIED, TransparencyReport.Row::denials),
                sum("withdrawn", WITHDRAWN, TransparencyReport.Row::withdrawals));
    }

    private List<Svg.Series> expiry() {
        return List.of(
                sum("expired", "#ff7f0e", TransparencyReport.Row::expired),
                sum("re-consent pending", "#9467bd", TransparencyReport.Row::reconsentPending));
    }

    private Svg.Series sum(String name, String colour, java.util.function.ToLongFunction<TransparencyReport.Row> f) {
        double[] values = new double[periods.size()];
        for (int i = 0; i < periods.size(); i++) {
            values[i] = periods.get(i).rows().stream().mapToLong(f).sum();
        }
        return new Svg.Series(name, colour, values);
    }

    private static void requestsFigure(StringBuilder page, RequestReport report) {
        List<String> kinds = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (RequestReport.Row r : report.rows()) {
            if (r.received() > 0 || r.overdue() > 0) {
                kinds.add(r.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                rows.add(new double[] {r.answeredInTime(), r.answeredLate(), r.overdue()});
            }
        }
        String[] names = {"answered in time", "answered late", "overdue"};
        String[] colours = {GRANTED, "#ff7f0e", WITHDRAWN};
        List<Svg.Series> series = new ArrayList<>();
        for (int s = 0; s < names.length; s++) {
            double[] values = new double[kinds.size()];
            for (int k = 0; k < kinds.size(); k++) {
                values[k] = rows.get(k)[s];
            }
            series.add(new Svg.Series(names[s], colours[s], values));
        }
        long inTime = report.rows().stream()
                .mapToLong(RequestReport.Row::answeredInTime)
                .sum();
        long answered = inTime
                + report.rows().stream()
                        .mapToLong(RequestReport.Row::answeredLate)
                        .sum();
        figure(
                page,
                "Data-subject requests",
                "Received " + label(report.from(), report.to()) + ": " + inTime + " of " + answered
                        + " answered within their deadline"
                        + (kinds.isEmpty() ? "; none received." : "."),
                Svg.bars("requests", "Requests answered in time, late, and overdue per kind", kinds, series));
    }

    private static void figure(StringBuilder page, String title, String caption, String svg) {
        page.append("<figure><h2>")
                .append(Html.escape(title))
                .append("</h2>")
                .append(svg)
                .append("<figcaption>")
                .append(Html.escape(caption))
                .append("</figcaption></figure>\n");
    }

    private void table(StringBuilder page, TransparencyReport report) {
        page.append("<table><thead><tr>");
        String[] header = {
            "purpose",
            "title",
            "v",
            "basis",
            "granted",
            "denied",
            "withdrawn",
            "active",
            "expired",
            "re-consent",
            "asked",
            "rate"
        };
        for (int i = 0; i < header.length; i++) {
            page.append(i < 4 ? "<th>" : "<th class=\"n\">").append(header[i]).append("</th>");
        }
        page.append("</tr></thead><tbody>\n");
        for (TransparencyReport.Row r : report.rows()) {
            OptionalDouble rate = r.consentRate();
            Object[] cells = {
                r.purposeId(),
                titles.getOrDefault(r.purposeId(), ""),
                "v" + r.purposeVersion(),
                r.legalBasis(),
                r.grants(),
                r.denials(),
                r.withdrawals(),
                r.activeAtEnd(),
                r.expired(),
                r.reconsentPending(),
                r.askedAtEnd(),
                rate.isPresent() ? String.format(Locale.ROOT, "%.1f%%", rate.getAsDouble() * 100) : "-"
            };
            page.append("<tr>");
            for (int i = 0; i < cells.length; i++) {
                page.append(i < 4 ? "<td>" : "<td class=\"n\">")
                        .append(Html.escape(String.valueOf(cells[i])))
                        .append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</tbody></table>\n");
    }

    /** A purpose's legend name: its title when one is known, with its id. */
    private String name(String purposeId) {
        String title = titles.get(purposeId);
        return title == null ? purposeId : title + " (" + purposeId + ")";
    }

    private static String label(TransparencyReport r) {
        return label(r.from(), r.to());
    }

    private static String label(Instant from, Instant to) {
        return day(from) + " \u2013 " + day(to.minusMillis(1));
    }

    private static String day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static final String STYLE = "body{margin:0;background:#fff;color:#222;"
            + "font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}"
            + "main{max-width:1140px;margin:0 auto;padding:16px 24px}h1{font-size:24px;margin:8px 0}"
            + "h2{font-size:16px;margin:4px 0 8px}main>h2{margin-top:20px}.meta{color:#555}"
            + ".grid{display:grid;grid-template-columns:repeat(2,1fr);gap:16px}"
            + "figure{margin:0;border:1px solid #ddd;border-radius:6px;padding:12px}"
            + "figcaption{color:#555;font-size:12px}svg.chart{display:block;max-width:100%;height:auto}"
            + ".grid line{stroke:#e5e5e5}.tick,.category,.legend{font-size:11px;fill:#444}"
            + "table{border-collapse:collapse;margin-top:8px;width:100%;table-layout:fixed;font-size:13px}"
            + "th,td{border-bottom:1px solid #ddd;padding:4px;text-align:left}td{overflow-wrap:anywhere}"
            + "th{font-size:12px}th:nth-child(1){width:13%}th:nth-child(2){width:17%}th:nth-child(3){width:3%}"
            + "th:nth-child(4){width:13%}th:nth-child(7),th:nth-child(10){width:8%}"
            + ".n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f5f5f5}";

    /** Collects the periods, the purposes' titles and the request figures; not thread-safe. */
    public static final class Builder {
        private String heading = "Transparency report";
        private final List<TransparencyReport> periods = new ArrayList<>();
        private final Map<String, String> titles = new LinkedHashMap<>();
        private @Nullable RequestReport requests;

        private Builder() {}

        /** The page's heading; "Transparency report" unless set. */
        public Builder heading(String heading) {
            this.heading = Objects.requireNonNull(heading, "heading");
            return this;
        }

        /**
         * Adds the next period: each must start where the one before ended.
         *
         * @throws InvalidInputException if it does not
         */
        public Builder period(TransparencyReport report) {
            Objects.requireNonNull(report, "report");
            if (!periods.isEmpty() && !periods.get(periods.size() - 1).to().equals(report.from())) {
                throw new InvalidInputException(
                        "report.from",
                        report.from(),
                        "must be where the previous period ends ("
                                + periods.get(periods.size() - 1).to() + ")");
            }
            periods.add(report);
            return this;
        }

        /** Adds consecutive periods, oldest first, as {@link #period} does one by one. */
        public Builder periods(List<TransparencyReport> reports) {
            Objects.requireNonNull(reports, "reports").forEach(this::period);
            return this;
        }

        /** The purposes' titles by id, shown beside their ids (user data: escaped on the page). */
        public Builder purposeTitles(Map<String, String> titles) {
            Objects.requireNonNull(titles, "titles")
                    .forEach((id, title) -> this.titles.put(
                            Objects.requireNonNull(id, "purpose id"), Objects.requireNonNull(title, "title")));
            return this;
        }

        /** The figures of data-subject requests to show beside the consents. */
        public Builder requests(RequestReport report) {
            this.requests = Objects.requireNonNull(report, "report");
            return this;
        }

        /**
         * The report.
         *
         * @throws InvalidInputException if no period was given
         */
        public HtmlReport build() {
            if (periods.isEmpty()) {
                throw new InvalidInputException("periods", "none", "must hold at least one transparency report");
            }
            return new HtmlReport(this);
        }
    }
}
