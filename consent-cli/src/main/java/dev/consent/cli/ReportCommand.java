package dev.consent.cli;

import dev.consent.Purpose;
import dev.consent.TransparencyReport;
import dev.consent.reporting.HtmlReport;
import dev.consent.requests.RequestReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code report FROM TO}: the transparency report of {@code [FROM, TO)}, as one period or, with
 * {@code --by month}, one per calendar month (UTC); with {@code --html FILE}, also the page of
 * {@link HtmlReport}, with the purposes' titles and the period's data-subject requests.
 */
final class ReportCommand implements Command {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String synopsis() {
        return "FROM TO [--by month] [--html FILE]";
    }

    @Override
    public String summary() {
        return "the transparency report of [FROM, TO): decisions and consent rate per purpose";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--by", "month  one report per calendar month (UTC) of the period");
        options.put("--html", "FILE   also write the report as a self-contained HTML page with charts");
        return options;
    }

    @Override
    public int run(Invocation call) {
        call.expect(2, "FROM TO");
        Instant from = call.instant(0, "FROM");
        Instant to = call.instant(1, "TO");
        if (!to.isAfter(from)) {
            throw new UsageException("TO " + to + " must be after FROM " + from);
        }
        List<Instant> bounds = bounds(from, to, call.option("--by"));
        Progress.Bar bar = call.progress().bar("periods", bounds.size() - 1);
        List<TransparencyReport> reports = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            reports.add(call.consent().reports().transparency(bounds.get(i), bounds.get(i + 1)));
            bar.step(bounds.get(i).toString().substring(0, 10));
        }
        String html = call.option("--html");
        if (html != null) {
            RequestReport requests = call.requests().report(from, to);
            Map<String, String> titles = call.consent().purposes().current().stream()
                    .collect(Collectors.toMap(Purpose::id, Purpose::title, (a, b) -> b));
            HtmlReport.builder()
                    .periods(reports)
                    .purposeTitles(titles)
                    .requests(requests)
                    .build()
                    .writeTo(Path.of(html));
        }
        if (call.json()) {
            if (reports.size() == 1) {
                call.out().json(reports.get(0).toJson());
            } else {
                call.out()
                        .json("["
                                + reports.stream()
                                        .map(TransparencyReport::toJson)
                                        .collect(Collectors.joining(",")) + "]");
            }
        } else {
            reports.forEach(r -> call.out().text(r.toTable()));
            if (html != null) {
                call.out().line("HTML report written to " + html);
            }
        }
        return Exit.OK;
    }

    /** FROM, the first day of each month after it, and TO; or FROM and TO. */
    private static List<Instant> bounds(Instant from, Instant to, @Nullable String by) {
        List<Instant> bounds = new ArrayList<>(List.of(from));
        if (by != null) {
            if (!by.equals("month")) {
                throw new UsageException("--by takes month, not " + by);
            }
            for (Instant next = from.atZone(ZoneOffset.UTC)
                            .toLocalDate()
                            .withDayOfMonth(1)
                            .plusMonths(1)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant();
                    next.isBefore(to);
                    next = next.atZone(ZoneOffset.UTC).plusMonths(1).toInstant()) {
                bounds.add(next);
            }
        }
        bounds.add(to);
        return bounds;
    }
}
