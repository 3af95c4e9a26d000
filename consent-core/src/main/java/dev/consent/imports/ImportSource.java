package dev.consent.imports;

import java.util.List;

/**
 * Where an import reads its rows: one row per decision, with the columns named by the constants of this type
 * (the CSV header {@code user_id,purpose,granted,collected_at,ip_address,user_agent,policy_version,mechanism}).
 * {@link #USER_ID}, {@link #PURPOSE}, {@link #GRANTED} and {@link #COLLECTED_AT} are required; the others may be
 * missing or empty.
 *
 * <p>A subject's rows must come in the order they happened: a row older than the subject's latest record is
 * rejected. Rows of different subjects may interleave freely.
 */
public interface ImportSource {
    /** The subject's id. */
    String USER_ID = "user_id";
    /** The purpose name, mapped to a purpose by the {@link ImportMapping}. */
    String PURPOSE = "purpose";
    /** {@code true} or {@code false} (also {@code 1}/{@code 0}, {@code yes}/{@code no}, {@code t}/{@code f}). */
    String GRANTED = "granted";
    /** When the decision was made: an ISO-8601 instant, offset date-time or local date-time. */
    String COLLECTED_AT = "collected_at";
    /** The IP address it was made from: evidence, erasable. */
    String IP_ADDRESS = "ip_address";
    /** The user agent it was made with: evidence, erasable. */
    String USER_AGENT = "user_agent";
    /** The privacy-policy version shown: the record's notice version. */
    String POLICY_VERSION = "policy_version";
    /** How it was collected, such as {@code checkbox} or {@code banner}: an evidence attribute. */
    String MECHANISM = "mechanism";
    /** Every column, in the order of the default CSV header. */
    List<String> COLUMNS =
            List.of(USER_ID, PURPOSE, GRANTED, COLLECTED_AT, IP_ADDRESS, USER_AGENT, POLICY_VERSION, MECHANISM);

    /**
     * The source's name, such as the file name: part of each row's interaction id (so the same rows from the same
     * source are written once) and of the records' collection point.
     */
    String name();

    /**
     * Opens the source for one pass over its rows.
     *
     * @throws dev.consent.InvalidInputException if the source cannot be read as rows (a required column missing
     *     from a CSV header or a query's result)
     * @throws java.io.UncheckedIOException if reading failed
     * @throws ImportSourceException if the database of a query source failed
     */
    Rows open();

    /** One pass over a source's rows. Not thread-safe. */
    interface Rows extends AutoCloseable {
        /**
         * The next row, or {@code null} at the end.
         *
         * @throws java.io.UncheckedIOException if reading failed
         * @throws ImportSourceException if the database of a query source failed
         */
        @org.jspecify.annotations.Nullable
        SourceRow next();

        /** Releases what the pass holds. */
        @Override
        void close();
    }
}
