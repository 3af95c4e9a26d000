package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The appends of {@code JdbcConsentStore.append}, built by the caller and not group-committed: one transaction
 * each, under the {@link H2AppendLock} on H2. Several appends that are all of subjects the caller takes for new
 * (expected sequence 0, as an import writes them) are first written as {@link PrebuiltWrite} writes a batch,
 * without reading: the unique key on each subject's first sequence and on the interaction check that they are;
 * if one is not, nothing was written and the checked transaction follows, which reports it.
 */
final class DirectAppends {
    private final JdbiCalls calls;
    private final LedgerSql ledger;
    /** Present on H2 only. */
    private final @Nullable H2AppendLock h2Appends;

    private final PrebuiltWrite prebuilt;

    DirectAppends(
            JdbiCalls calls,
            LedgerSql ledger,
            @Nullable H2AppendLock h2Appends,
            org.jdbi.v3.core.Jdbi jdbi,
            Statements statements,
            String prefix,
            Dialect dialect) {
        this.prebuilt = new PrebuiltWrite(jdbi, ledger, statements, prefix, dialect);
        this.calls = calls;
        this.ledger = ledger;
        this.h2Appends = h2Appends;
    }

    /** See {@code ConsentStore.append}. */
    List<ConsentRecord> append(List<SubjectAppend> appends) {
        if (StoreArguments.noNullElement(appends, "appends").isEmpty()) {
            return List.of();
        }
        if (appends.size() > 1 && appends.stream().allMatch(a -> a.expectedSequence() == 0)) {
            List<List<ConsentRecord>> written =
                    h2Appends == null ? unread(appends) : h2Appends.around(() -> unread(appends));
            if (written != null) {
                List<ConsentRecord> out = new java.util.ArrayList<>();
                written.forEach(out::addAll);
                return out;
            }
        }
        if (h2Appends == null) {
            return calls.inTransaction("append to the ledger", h -> ledger.append(h, appends));
        }
        return h2Appends.around(() -> calls.inTransaction("append to the ledger", h -> ledger.append(h, appends)));
    }

    /** The appends written without reading, or null if a subject was not new or an interaction recorded. */
    private @Nullable List<List<ConsentRecord>> unread(List<SubjectAppend> appends) {
        try {
            return prebuilt.write(appends);
        } catch (java.sql.SQLException e) {
            throw new dev.consent.StoreUnavailableException("could not append to the ledger", e);
        }
    }
}
