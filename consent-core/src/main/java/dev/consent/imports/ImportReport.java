package dev.consent.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an import run did, to reconcile against its source: every row read is skipped (done by an earlier run,
 * per the checkpoint), written, already present, or rejected, so
 * {@code rowsRead == rowsSkipped + recordsWritten + alreadyPresent + rowsRejected} (each row is one record).
 * Immutable.
 *
 * <p>The rejected rows are listed by number, column and value; the values may be personal data (a user id, an
 * IP address), so keep the report as long as the import's records of it and no longer.
 *
 * @param source the source's name
 * @param rowsRead rows read from the source
 * @param rowsSkipped rows skipped because the checkpoint had them done
 * @param recordsWritten records written, one per row
 * @param alreadyPresent rows whose record the ledger already held (an earlier run, or the same row twice)
 * @param rowsRejected rows rejected
 * @param subjects distinct subjects of the rows written or already present
 * @param perPurpose the counts per purpose name of the source (rejected rows without one under {@code ""})
 * @param rejected the rejected rows, in row order
 */
public record ImportReport(
        String source,
        long rowsRead,
        long rowsSkipped,
        long recordsWritten,
        long alreadyPresent,
        long rowsRejected,
        long subjects,
        Map<String, PurposeCounts> perPurpose,
        List<RejectedRow> rejected) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the collections. */
    public ImportReport {
        Objects.requireNonNull(source, "source");
        perPurpose = java.util.Collections.unmodifiableMap(new TreeMap<>(perPurpose));
        rejected = List.copyOf(rejected);
    }

    /**
     * The counts of one purpose name of the source.
     *
     * @param rows rows read with it (not skipped)
     * @param written records written
     * @param present rows already present
     * @param rejected rows rejected
     */
    public record PurposeCounts(long rows, long written, long present, long rejected) {}

    /** The report as a JSON object: the counts, {@code perPurpose} and {@code rejected}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", source);
        root.put("rowsRead", rowsRead);
        root.put("rowsSkipped", rowsSkipped);
        root.put("recordsWritten", recordsWritten);
        root.put("alreadyPresent", alreadyPresent);
        root.put("rowsRejected", rowsRejected);
        root.put("subjects", subjects);
        ObjectNode purposes = root.putObject("perPurpose");
        perPurpose.forEach((name, c) -> purposes.putObject(name)
                .put("rows", c.rows())
                .put("written", c.written())
                .put("present", c.present())
                .put("rejected", c.rejected()));
        ArrayNode rows = root.putArray("rejected");
        for (RejectedRow r : rejected) {
            rows.addObject()
                    .put("row", r.row())
                    .put("column", r.column())
                    .put("value", r.value())
                    .put("reason", r.reason());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as plain-text tables: totals, then per purpose, then the rejected rows. */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append("Import of ").append(source).append('\n');
        line(b, "rows read", rowsRead);
        line(b, "rows skipped (checkpoint)", rowsSkipped);
        line(b, "records written", recordsWritten);
        line(b, "already present", alreadyPresent);
        line(b, "rows rejected", rowsRejected);
        line(b, "subjects", subjects);
        b.append('\n')
                .append(String.format(
                        "%-30s %10s %10s %10s %10s%n", "purpose", "rows", "written", "present", "rejected"));
        perPurpose.forEach((name, c) -> b.append(
                String.format("%-30s %10d %10d %10d %10d%n", name, c.rows(), c.written(), c.present(), c.rejected())));
        if (!rejected.isEmpty()) {
            b.append('\n').append(String.format("%-8s %-16s %s%n", "row", "column", "reason"));
            for (RejectedRow r : rejected) {
                b.append(String.format(
                        "%-8d %-16s %s: %s%n",
                        r.row(), r.column(), r.value() == null ? "(missing)" : r.value(), r.reason()));
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String label, long value) {
        b.append(String.format("%-28s %12d%n", label, value));
    }
}
