package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The appends of {@code JdbcConsentStore.append}, built by the caller and not group-committed: one transaction
 * each, under the {@link H2AppendLock} on H2.
 */
final class DirectAppends {
    private final JdbiCalls calls;
    private final LedgerSql ledger;
    /** Present on H2 only. */
    private final @Nullable H2AppendLock h2Appends;

    DirectAppends(JdbiCalls calls, LedgerSql ledger, @Nullable H2AppendLock h2Appends) {
        this.calls = calls;
        this.ledger = ledger;
        this.h2Appends = h2Appends;
    }

    /** See {@code ConsentStore.append}. */
    List<ConsentRecord> append(List<SubjectAppend> appends) {
        if (StoreArguments.noNullElement(appends, "appends").isEmpty()) {
            return List.of();
        }
        if (h2Appends == null) {
            return calls.inTransaction("append to the ledger", h -> ledger.append(h, appends));
        }
        return h2Appends.around(() -> calls.inTransaction("append to the ledger", h -> ledger.append(h, appends)));
    }
}
