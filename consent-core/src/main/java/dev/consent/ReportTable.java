package dev.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** {@link TransparencyReport#toTable()}: the report as a text table for a terminal. */
final class ReportTable {
    private ReportTable() {}

    /** See {@link TransparencyReport#toTable()}. */
    static String of(TransparencyReport report) {
        String[] header = {
            "purpose",
            "v",
            "basis",
            "granted",
            "denied",
            "withdrawn",
            "objected",
            "obj.withdrawn",
            "active",
            "expired",
            "reconsent",
            "asked",
            "rate",
            "opted-out"
        };
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (TransparencyReport.Row r : report.rows()) {
            OptionalDouble rate = r.consentRate();
            lines.add(new String[] {
                r.purposeId(),
                String.valueOf(r.purposeVersion()),
                r.legalBasis().name(),
                String.valueOf(r.grants()),
                String.valueOf(r.denials()),
                String.valueOf(r.withdrawals()),
                String.valueOf(r.objections()),
                String.valueOf(r.objectionWithdrawals()),
                String.valueOf(r.activeAtEnd()),
                String.valueOf(r.expired()),
                String.valueOf(r.reconsentPending()),
                String.valueOf(r.askedAtEnd()),
                rate.isPresent() ? String.format(Locale.ROOT, "%.1f%%", rate.getAsDouble() * 100) : "-",
                String.valueOf(r.optOuts())
            });
        }
        int[] width = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Transparency report [")
                .append(report.from())
                .append(", ")
                .append(report.to())
                .append(") as of ledger position ")
                .append(report.asOfPosition())
                .append('\n');
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                boolean text = i < 3;
                String cell = line[i];
                String pad = " ".repeat(width[i] - cell.length());
                out.append(i == 0 ? "" : "  ").append(text ? cell + pad : pad + cell);
            }
            out.append('\n');
        }
        out.append("subjects erased in the period: ").append(report.erasures()).append('\n');
        out.append("subjects recorded as deceased in the period: ")
                .append(report.deaths())
                .append('\n');
        for (java.util.UUID id : report.invalidations()) {
            out.append("invalidation in force at the end (its grants count as re-consent pending): ")
                    .append(id)
                    .append('\n');
        }
        out.append("rate = active at the end / asked at the end (withdrawn, expired and re-consent pending count"
                + " as not consenting)\n");
        return out.toString();
    }
}
